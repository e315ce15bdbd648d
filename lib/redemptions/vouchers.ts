import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, VoucherStatus } from "@/lib/db/generated/enums";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { assertProgramOpen } from "@/lib/providers/provider-status";
import { LedgerError, holdWith, releaseWith } from "@/lib/ledger";

export type VoucherView = { id: string; code: string; programId: string; currency: Currency; amountMinor: bigint; status: VoucherStatus; expiresAt: Date };

// No 0/O, 1/I/L: a code is read aloud at a till and typed on a phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** "BMR-XXXX-XXXX": 8 random characters from 31 (about 40 bits), unique in the database. */
export function newVoucherCode(): string {
  const chars = [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
  return `BMR-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

type VoucherRow = { id: string; code: string; program_id: string; currency: Currency; amount: string; status: VoucherStatus; expires_at: Date; hold_id: string };
const viewOf = (v: VoucherRow): VoucherView => ({ id: v.id, code: v.code, programId: v.program_id, currency: v.currency, amountMinor: BigInt(v.amount), status: v.status, expiresAt: v.expires_at });

/**
 * Turns part of a member's available cashback in a program into a one-time voucher code: a ledger hold that
 * lasts the program's voucher validity (default 7 days). Shops redeem it through the Redemption API
 * (`customer.voucherCode`) or at the register; unused, it can be cancelled, and it expires back to the member.
 */
export async function createVoucher(db: DbOrTx, input: { userId: string; programId: string; amountMinor: bigint; now?: Date }): Promise<VoucherView> {
  if (input.amountMinor <= 0n) throw new DomainError("VALIDATION", "Enter an amount greater than zero.", { field: "amount" });
  const now = input.now ?? new Date();
  await assertProgramOpen(db, input.programId);
  return unitOfWork(db, async (sql) => {
    const [member] = await sql.query<{ id: string; currency: Currency; validity: number }>(
      `SELECT m.id, p.currency, p.voucher_validity_days AS validity FROM members m JOIN programs p ON p.id = m.program_id
        WHERE m.user_id = $1::uuid AND m.program_id = $2::uuid AND m.status = 'ACTIVE'`,
      [input.userId, input.programId],
    );
    if (!member) throw new DomainError("NOT_FOUND", "You are not a member of that program.", { field: "programId" });
    const id = randomUUID();
    const hold = await holdWith(sql, {
      idempotencyKey: `voucher:${id}:hold`,
      memberId: member.id,
      currency: member.currency,
      amount: input.amountMinor,
      reference: { type: "voucher", id },
    }).catch((error: unknown) => {
      if (error instanceof LedgerError && error.reason === "INSUFFICIENT_FUNDS") throw new DomainError("UNPROCESSABLE", "That is more than your available cashback in this program.", { field: "amount", reason: "insufficient_balance" });
      throw error;
    });
    const expiresAt = new Date(now.getTime() + member.validity * 24 * 60 * 60 * 1000);
    // A code that happens to be taken already (about 1 in 10^12 per pair) is drawn again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const [row] = await sql.query<VoucherRow>(
        `INSERT INTO vouchers (id, program_id, member_id, code, currency, amount, hold_id, expires_at, updated_at)
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::"Currency", $6::bigint, $7::bigint, $8::timestamptz, now())
         ON CONFLICT (code) DO NOTHING
         RETURNING id, code, program_id, currency, amount::text, status, expires_at, hold_id::text`,
        [id, input.programId, member.id, newVoucherCode(), member.currency, hold.amount.toString(), hold.id.toString(), expiresAt.toISOString()],
      );
      if (row) return viewOf(row);
    }
    throw new Error("createVoucher: no free voucher code after 5 draws");
  });
}

/** Cancels an unused voucher of the member's: its cashback is available again at once. Repeatable. */
export async function cancelVoucher(db: DbOrTx, input: { userId: string; voucherId: string }): Promise<VoucherView> {
  return unitOfWork(db, async (sql) => {
    const [row] = await sql.query<VoucherRow>(
      `SELECT v.id, v.code, v.program_id, v.currency, v.amount::text, v.status, v.expires_at, v.hold_id::text
         FROM vouchers v JOIN members m ON m.id = v.member_id WHERE v.id = $1::uuid AND m.user_id = $2::uuid FOR UPDATE OF v`,
      [input.voucherId, input.userId],
    );
    if (!row) throw new DomainError("NOT_FOUND", "That voucher does not exist.");
    if (row.status === "CANCELED") return viewOf(row);
    if (row.status !== "ACTIVE") throw new DomainError("CONFLICT", row.status === "REDEEMED" ? "This voucher was already used at the shop." : "This voucher has expired; its cashback is back in your balance.");
    await releaseWith(sql, { holdId: BigInt(row.hold_id), idempotencyKey: `voucher:${row.id}:cancel`, metadata: { reason: "voucher cancelled" } });
    sql.write(`UPDATE vouchers SET status = 'CANCELED', updated_at = now() WHERE id = $1::uuid`, [row.id]);
    return viewOf({ ...row, status: "CANCELED" });
  });
}
