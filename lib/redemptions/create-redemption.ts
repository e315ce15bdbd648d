import type { ApiKeyCheck } from "@/lib/api-keys/authenticate-api-key";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { captureWith, holdWith, providerAccount } from "@/lib/ledger";
import { claimIdempotencyKey, requestHash, storeIdempotentAnswer } from "./idempotency";
import { balanceOf, insufficientBalance, notifySpent, publicId, resolveMember, settled, viewOf, type RedemptionRow } from "./internal";
import type { CreateRedemptionInput, CustomerRef, RedemptionView } from "./schemas";

export type CreateRedemptionOptions = {
  programId: string;
  source: "API" | "REGISTER";
  body: CreateRedemptionInput;
  idempotencyKey?: string;
  /** The caller's API key, checked with the unit's first statements (see the route wrapper's "apiKeyInUnit"). */
  apiKey?: ApiKeyCheck;
  cashierUserId?: string;
  /** The member, when the caller identified them already (the register); else `body.customer` names them. */
  memberId?: string;
  now?: Date;
};

/**
 * Holds cashback for an order (and captures it at once with `capture`): the member's available balance →
 * held, in one unit of work with the redemption row and the idempotency record. Never holds more than is
 * spendable, under any concurrency: 422 insufficient_balance and nothing held — or, with `allowPartial`,
 * what is spendable (still 422 at zero). One open hold per order and customer at a time (409
 * open_hold_exists). A voucher code spends from the voucher's own hold, once.
 */
export async function createRedemption(db: DbOrTx, opts: CreateRedemptionOptions): Promise<{ httpStatus: 200 | 201; redemption: RedemptionView }> {
  const now = opts.now ?? new Date();
  const { body } = opts;
  // Statements that do not depend on each other's answers are sent together: the unit of work pipelines them,
  // so a hold costs three round trips (API key + lock + idempotency key + member; open hold + hold + balance;
  // the rows + COMMIT).
  return unitOfWork(db, async (sql) => {
    // A read, before any lock: the caller's key. Its refusal is the answer, whatever else the flight met.
    const caller = opts.apiKey?.within(sql);
    // One open hold per order and customer: this order's holds run one at a time (taken before the key, so
    // two requests with the same key queue on the lock, not on each other's key row).
    sql.write(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`, [`redemption|${opts.programId}|${body.orderId}`]);
    const claim = opts.idempotencyKey ? claimIdempotencyKey<RedemptionView>(sql, opts.programId, opts.idempotencyKey, requestHash("redemptions.create", body)) : null;
    const customer: CustomerRef | { memberId: string } = opts.memberId ? { memberId: opts.memberId } : body.customer;
    const [authenticated, claimed, resolved] = await Promise.allSettled([caller, claim, resolveMember(sql, opts.programId, customer)]);
    const apiKeyId = settled(authenticated)?.keyId ?? null;
    const stored = settled(claimed);
    if (stored) return { httpStatus: stored.httpStatus === 200 ? 200 : 201, redemption: stored.body };
    const member = settled(resolved);
    if (body.currency !== member.currency) {
      throw new DomainError("VALIDATION", `currency: this program's cashback is in ${member.currency}`, { field: "currency", reason: "currency_mismatch" });
    }

    const id = publicId("rdm");
    const amount = BigInt(body.amount);
    // A statement of its own after the lock, so it sees a hold committed while this one waited.
    const openHold = sql.query<{ id: string }>(
      `SELECT id FROM redemptions WHERE program_id = $1::uuid AND member_id = $2::uuid AND order_id = $3 AND status = 'REQUIRES_CAPTURE' AND expires_at > $4::timestamptz`,
      [opts.programId, member.memberId, body.orderId, now.toISOString()],
    );
    const voucher = member.voucher;
    // Sent behind the open-hold check without waiting for it: when there is one, the unit rolls the hold back.
    const ledgerHold = voucher
      ? null
      : holdWith(sql, {
          idempotencyKey: `redemption:${id}:hold`,
          memberId: member.memberId,
          currency: member.currency,
          amount,
          partial: body.allowPartial,
          reference: { type: "redemption", id },
          metadata: { orderId: body.orderId },
        });
    const balanceAfterHold = body.capture ? null : balanceOf(sql, member.memberId, member.currency);
    const [open, hold] = await Promise.allSettled([openHold, ledgerHold, balanceAfterHold]);
    const [existing] = settled(open);
    if (existing) throw new DomainError("CONFLICT", `Order ${body.orderId} already has an open hold for this customer (${existing.id}); capture or cancel it first.`, { reason: "open_hold_exists" });

    let holdId: bigint;
    let held: bigint;
    if (voucher) {
      if (voucher.status !== "ACTIVE" || voucher.expires_at.getTime() <= now.getTime()) {
        throw new DomainError("CONFLICT", "This voucher was already used, cancelled or has expired.", { field: "customer.voucherCode", reason: "invalid_state" });
      }
      const value = BigInt(voucher.amount);
      if (amount > value && !body.allowPartial) {
        throw new DomainError("UNPROCESSABLE", "The voucher is worth less than the amount; nothing was held.", { field: "amount", reason: "insufficient_balance" });
      }
      holdId = BigInt(voucher.hold_id);
      held = amount < value ? amount : value;
      sql.write(`UPDATE vouchers SET status = 'REDEEMED', redemption_id = $2, updated_at = now() WHERE id = $1::uuid`, [voucher.id, id]);
    } else {
      if (hold.status === "rejected") insufficientBalance(hold.reason);
      const made = hold.value!;
      holdId = made.id;
      held = made.amount;
    }
    const expiresAt = new Date(now.getTime() + body.expiresInSeconds * 1000);
    const row: RedemptionRow = {
      id,
      program_id: opts.programId,
      provider_id: member.providerId,
      program_name: member.programName,
      member_id: member.memberId,
      user_id: member.userId,
      order_id: body.orderId,
      currency: member.currency,
      amount_requested: amount.toString(),
      amount_held: held.toString(),
      amount_captured: body.capture ? held.toString() : "0",
      amount_refunded: "0",
      status: body.capture ? "CAPTURED" : "REQUIRES_CAPTURE",
      hold_id: holdId.toString(),
      expires_at: expiresAt,
      voucher_id: voucher?.id ?? null,
    };
    const captured = body.capture
      ? captureWith(sql, { holdId, idempotencyKey: `redemption:${id}:capture`, to: providerAccount(member.providerId, "PROVIDER_LIABILITY", member.currency), amount: held, metadata: { orderId: body.orderId } })
      : null;
    if (body.capture) notifySpent(sql, row, { amountMinor: held, status: "CAPTURED", key: `spent:${id}` });
    sql.write(
      `INSERT INTO redemptions (id, program_id, member_id, order_id, currency, amount_requested, amount_held, amount_captured, captured_at, status, source, hold_id, expires_at, metadata, voucher_id, api_key_id, cashier_user_id, updated_at)
       VALUES ($1, $2::uuid, $3::uuid, $4, $5::"Currency", $6::bigint, $7::bigint, $8::bigint, CASE WHEN $9::"RedemptionStatus" = 'CAPTURED' THEN now() END, $9::"RedemptionStatus", $10::"RedemptionSource", $11::bigint, $12::timestamptz, $13::jsonb, $14::uuid, $15::uuid, $16::uuid, now())`,
      [id, opts.programId, member.memberId, body.orderId, member.currency, amount.toString(), held.toString(), row.amount_captured, row.status, opts.source, holdId.toString(), expiresAt.toISOString(), JSON.stringify(body.metadata ?? {}), voucher?.id ?? null, apiKeyId, opts.cashierUserId ?? null],
    );
    // After a capture the balance is read behind it, in the same round trip.
    const [capture, after] = await Promise.allSettled([captured, captured ? balanceOf(sql, member.memberId, member.currency) : balanceAfterHold]);
    settled(capture);
    const redemption = viewOf(row, settled(after)!, now);
    if (opts.idempotencyKey) storeIdempotentAnswer(sql, opts.programId, opts.idempotencyKey, { httpStatus: 201, body: redemption });
    return { httpStatus: 201, redemption };
  });
}
