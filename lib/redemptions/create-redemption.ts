import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { captureWith, holdWith, providerAccount } from "@/lib/ledger";
import { claimIdempotencyKey, requestHash, storeIdempotentAnswer } from "./idempotency";
import { balanceOf, insufficientBalance, notifySpent, publicId, resolveMember, viewOf, type RedemptionRow } from "./internal";
import type { CreateRedemptionInput, CustomerRef, RedemptionView } from "./schemas";

export type CreateRedemptionOptions = {
  programId: string;
  source: "API" | "REGISTER";
  body: CreateRedemptionInput;
  idempotencyKey?: string;
  apiKeyId?: string;
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
  return unitOfWork(db, async (sql) => {
    if (opts.idempotencyKey) {
      const stored = await claimIdempotencyKey<RedemptionView>(sql, opts.programId, opts.idempotencyKey, requestHash("redemptions.create", body));
      if (stored) return { httpStatus: stored.httpStatus === 200 ? 200 : 201, redemption: stored.body };
    }
    const customer: CustomerRef | { memberId: string } = opts.memberId ? { memberId: opts.memberId } : body.customer;
    const member = await resolveMember(sql, opts.programId, customer);
    if (body.currency !== member.currency) {
      throw new DomainError("VALIDATION", `currency: this program's cashback is in ${member.currency}`, { field: "currency", reason: "currency_mismatch" });
    }
    // One open hold per order and customer: serialise this order's holds, then look (a statement of its own,
    // so it sees a hold committed while it waited for the lock).
    await sql.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text`, [`redemption|${opts.programId}|${member.memberId}|${body.orderId}`]);
    const [open] = await sql.query<{ id: string }>(
      `SELECT id FROM redemptions WHERE program_id = $1::uuid AND member_id = $2::uuid AND order_id = $3 AND status = 'REQUIRES_CAPTURE' AND expires_at > $4::timestamptz`,
      [opts.programId, member.memberId, body.orderId, now.toISOString()],
    );
    if (open) throw new DomainError("CONFLICT", `Order ${body.orderId} already has an open hold for this customer (${open.id}); capture or cancel it first.`, { reason: "open_hold_exists" });

    const id = publicId("rdm");
    const amount = BigInt(body.amount);
    let holdId: bigint;
    let held: bigint;
    const voucher = member.voucher;
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
      const hold = await holdWith(sql, {
        idempotencyKey: `redemption:${id}:hold`,
        memberId: member.memberId,
        currency: member.currency,
        amount,
        partial: body.allowPartial,
        reference: { type: "redemption", id },
        metadata: { orderId: body.orderId },
      }).catch(insufficientBalance);
      holdId = hold.id;
      held = hold.amount;
    }
    const expiresAt = new Date(now.getTime() + body.expiresInSeconds * 1000);
    sql.write(
      `INSERT INTO redemptions (id, program_id, member_id, order_id, currency, amount_requested, amount_held, status, source, hold_id, expires_at, metadata, voucher_id, api_key_id, cashier_user_id, updated_at)
       VALUES ($1, $2::uuid, $3::uuid, $4, $5::"Currency", $6::bigint, $7::bigint, 'REQUIRES_CAPTURE', $8::"RedemptionSource", $9::bigint, $10::timestamptz, $11::jsonb, $12::uuid, $13::uuid, $14::uuid, now())`,
      [id, opts.programId, member.memberId, body.orderId, member.currency, amount.toString(), held.toString(), opts.source, holdId.toString(), expiresAt.toISOString(), JSON.stringify(body.metadata ?? {}), voucher?.id ?? null, opts.apiKeyId ?? null, opts.cashierUserId ?? null],
    );
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
      amount_captured: "0",
      amount_refunded: "0",
      status: "REQUIRES_CAPTURE",
      hold_id: holdId.toString(),
      expires_at: expiresAt,
      voucher_id: voucher?.id ?? null,
    };
    if (body.capture) {
      await captureWith(sql, { holdId, idempotencyKey: `redemption:${id}:capture`, to: providerAccount(member.providerId, "PROVIDER_LIABILITY", member.currency), amount: held, metadata: { orderId: body.orderId } });
      sql.write(`UPDATE redemptions SET status = 'CAPTURED', amount_captured = amount_held, captured_at = now(), updated_at = now() WHERE id = $1`, [id]);
      row.status = "CAPTURED";
      row.amount_captured = held.toString();
      notifySpent(sql, row, { amountMinor: held, status: "CAPTURED", key: `spent:${id}` });
    }
    const redemption = viewOf(row, await balanceOf(sql, member.memberId, member.currency), now);
    if (opts.idempotencyKey) storeIdempotentAnswer(sql, opts.programId, opts.idempotencyKey, { httpStatus: 201, body: redemption });
    return { httpStatus: 201, redemption };
  });
}
