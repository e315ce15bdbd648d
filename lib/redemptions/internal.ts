import { randomBytes } from "node:crypto";
import type { Currency, RedemptionStatus } from "@/lib/db/generated/enums";
import type { Sql } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { LedgerError } from "@/lib/ledger";
import { normaliseMemberCode } from "@/lib/members/member-code";
import type { BalanceView, CustomerRef, RedemptionView } from "./schemas";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A public id: prefix and 22 random characters (about 128 bits). */
export function publicId(prefix: "rdm" | "rfd"): string {
  const bytes = randomBytes(22);
  return `${prefix}_${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

export type RedemptionRow = {
  id: string;
  program_id: string;
  provider_id: string;
  program_name: string;
  member_id: string;
  user_id: string;
  order_id: string;
  currency: Currency;
  amount_requested: string;
  amount_held: string;
  amount_captured: string;
  amount_refunded: string;
  status: RedemptionStatus;
  hold_id: string;
  expires_at: Date;
  voucher_id: string | null;
};

/** The redemption, its program and member, locked for a change. */
export const LOCK_REDEMPTION_SQL = `
  SELECT r.id, r.program_id, p.provider_id, p.name AS program_name, r.member_id, m.user_id, r.order_id, r.currency, r.amount_requested::text,
         r.amount_held::text, r.amount_captured::text, r.amount_refunded::text, r.status, r.hold_id::text, r.expires_at, r.voucher_id
    FROM redemptions r JOIN programs p ON p.id = r.program_id JOIN members m ON m.id = r.member_id
   WHERE r.id = $1 AND r.program_id = $2::uuid
     FOR UPDATE OF r`;

export async function lockRedemption(sql: Sql, programId: string, redemptionId: string): Promise<RedemptionRow> {
  const [row] = await sql.query<RedemptionRow>(LOCK_REDEMPTION_SQL, [redemptionId, programId]);
  // Another program's redemption id is as unknown as a made-up one.
  if (!row) throw new DomainError("NOT_FOUND", "No redemption has that id in this program.");
  return row;
}

/** Whether a hold not captured in time is over, even before the job has released it. */
export function isExpired(row: Pick<RedemptionRow, "status" | "expires_at">, now: Date): boolean {
  return row.status === "EXPIRED" || (row.status === "REQUIRES_CAPTURE" && row.expires_at.getTime() <= now.getTime());
}

export async function balanceOf(sql: Sql, memberId: string, currency: Currency): Promise<BalanceView> {
  const rows = await sql.query<{ kind: string; balance: string }>(
    `SELECT kind::text, balance::text FROM ledger_accounts WHERE owner_type = 'MEMBER' AND owner_id = $1 AND currency = $2::"Currency"`,
    [memberId, currency],
  );
  const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.balance ?? "0");
  const available = of("MEMBER_AVAILABLE");
  return { currency, available, pending: of("MEMBER_PENDING"), held: of("MEMBER_HELD"), spendable: available };
}

export function viewOf(row: RedemptionRow, balance: BalanceView, now: Date): RedemptionView {
  return {
    id: row.id,
    status: isExpired(row, now) ? "expired" : (row.status.toLowerCase() as RedemptionView["status"]),
    orderId: row.order_id,
    currency: row.currency,
    amountRequested: Number(row.amount_requested),
    amountHeld: Number(row.amount_held),
    amountCaptured: Number(row.amount_captured),
    amountRefunded: Number(row.amount_refunded),
    expiresAt: row.expires_at.toISOString(),
    balance,
  };
}

export type ResolvedMember = { memberId: string; userId: string; programId: string; providerId: string; programName: string; currency: Currency; voucher: VoucherRow | null };
export type VoucherRow = { id: string; amount: string; status: string; expires_at: Date; hold_id: string; currency: Currency };

const MEMBER_SQL = `
  SELECT m.id AS member_id, m.user_id, p.id AS program_id, p.provider_id, p.name AS program_name, p.currency
    FROM programs p JOIN members m ON m.program_id = p.id
   WHERE p.id = $1::uuid AND (
         ($2::uuid IS NOT NULL AND m.id = $2::uuid)
      OR ($2::uuid IS NULL AND $3::text IS NOT NULL AND m.code = $3)
      OR ($2::uuid IS NULL AND $3::text IS NULL AND $4::text IS NOT NULL AND m.external_id = $4)
      OR ($2::uuid IS NULL AND $3::text IS NULL AND $4::text IS NULL AND $5::text IS NOT NULL AND m.user_id = (SELECT u.id FROM users u WHERE u.email = $5)))
   LIMIT 1`;

/**
 * The member a request names, in this program: by id, member code, the shop's customer id or e-mail (in that
 * order of precedence), or by an active voucher's code (locked, with the voucher). 404 when none matches.
 */
export async function resolveMember(sql: Sql, programId: string, customer: CustomerRef | { memberId: string }): Promise<ResolvedMember> {
  let voucher: VoucherRow | null = null;
  let memberId = "memberId" in customer ? customer.memberId : null;
  if (!("memberId" in customer) && customer.voucherCode) {
    const [v] = await sql.query<VoucherRow & { member_id: string }>(
      `SELECT id, member_id, amount::text, status::text, expires_at, hold_id::text, currency FROM vouchers WHERE program_id = $1::uuid AND code = $2 FOR UPDATE`,
      [programId, customer.voucherCode.trim().toUpperCase()],
    );
    if (!v) throw new DomainError("NOT_FOUND", "No voucher has that code in this program.", { field: "customer.voucherCode" });
    voucher = v;
    memberId = v.member_id;
  }
  const c = "memberId" in customer ? null : customer;
  const code = c?.memberCode ? (normaliseMemberCode(c.memberCode) ?? c.memberCode) : null;
  const [row] = await sql.query<{ member_id: string; user_id: string; program_id: string; provider_id: string; program_name: string; currency: Currency }>(MEMBER_SQL, [
    programId,
    memberId,
    memberId ? null : code,
    memberId ? null : (c?.externalId ?? null),
    memberId ? null : (c?.email ?? null),
  ]);
  if (!row) throw new DomainError("NOT_FOUND", "No member of this program matches the customer.", { field: "customer" });
  return { memberId: row.member_id, userId: row.user_id, programId: row.program_id, providerId: row.provider_id, programName: row.program_name, currency: row.currency, voucher };
}

/** INSUFFICIENT_FUNDS from the ledger, as the API's 422. */
export function insufficientBalance(error: unknown): never {
  if (error instanceof LedgerError && error.reason === "INSUFFICIENT_FUNDS") {
    throw new DomainError("UNPROCESSABLE", "The customer's spendable cashback is lower than the amount; nothing was held.", { field: "amount", reason: "insufficient_balance" });
  }
  throw error;
}

/** The in-app notification (and e-mail, by the member's preference) for a spend or its refund. */
export function notifySpent(sql: Sql, row: Pick<RedemptionRow, "id" | "user_id" | "program_name" | "order_id" | "currency">, input: { amountMinor: bigint; status: "CAPTURED" | "REFUNDED"; key: string }): void {
  sql.write(
    `INSERT INTO notifications (user_id, kind, data, dedupe_key) VALUES ($1::uuid, 'SPENT', $2::jsonb, $3) ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      row.user_id,
      JSON.stringify({ amountMinor: input.amountMinor.toString(), currency: row.currency, programName: row.program_name, orderId: row.order_id, redemptionId: row.id, status: input.status }),
      input.key,
    ],
  );
}

/** A settled promise's value, or its failure thrown (for statements sent together and awaited with allSettled). */
export function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === "rejected") throw result.reason;
  return result.value;
}
