import type { DbOrTx } from "@/lib/db/client";
import type { Currency, PurchaseSource, RewardStatus } from "@/lib/db/generated/enums";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import type { Actor } from "@/lib/rewards/actor";
import { refundReward } from "@/lib/rewards/refund-purchase";
import { claimOrder } from "./record-purchase";

export type RefundInput = { programId: string; source: PurchaseSource; orderId: string; refundMinor: bigint; refundKey: string; eventKeys: string[]; actor: Actor };
export type RefundOutcome = { status: "accepted"; found: boolean } | { status: "duplicate" };

// Under the order's lock (a statement after claimOrder's, so it sees a purchase committed meanwhile): adds the
// refund to the purchase and locks its reward, or keeps the refund for an order that has not arrived yet.
const APPLY_SQL = `
  WITH pu AS (
    UPDATE purchases SET refunded_minor = LEAST(amount_minor, refunded_minor + $5::bigint)
     WHERE program_id = $1::uuid AND source = $2::"PurchaseSource" AND order_id = $3::text
     RETURNING id, amount_minor, refunded_minor
  ), early AS (
    INSERT INTO early_refunds (program_id, source, order_id, refund_key, refund_minor)
    SELECT $1::uuid, $2::"PurchaseSource", $3::text, $4::text, $5::bigint WHERE $5::bigint > 0 AND NOT EXISTS (SELECT 1 FROM pu)
    ON CONFLICT DO NOTHING
  ), rw AS (
    SELECT r.id, r.program_id, r.member_id, r.currency::text, r.amount_minor::text, r.status::text, r.reversal_due_minor::text,
           r.reversed_minor::text, r.unrecovered_minor::text, r.expired_minor::text, pr.provider_id
      FROM rewards r JOIN pu ON r.purchase_id = pu.id JOIN programs pr ON pr.id = r.program_id
       FOR UPDATE OF r
  )
  SELECT pu.id AS purchase_id, pu.amount_minor::text AS purchase_amount, pu.refunded_minor::text AS purchase_refunded, rw.*
    FROM (SELECT 1) one LEFT JOIN pu ON true LEFT JOIN rw ON true`;

type ApplyRow = {
  purchase_id: string | null;
  purchase_amount: string | null;
  purchase_refunded: string | null;
  id: string | null;
  program_id: string;
  member_id: string;
  currency: string;
  amount_minor: string;
  status: string;
  reversal_due_minor: string;
  reversed_minor: string;
  unrecovered_minor: string;
  expired_minor: string;
  provider_id: string;
};

// The member's available balance, locked, so a refund after the hold period reverses at once what it can.
const AVAILABLE_SQL = `
  SELECT balance::text FROM ledger_accounts
   WHERE owner_type = 'MEMBER' AND owner_id = $1::text AND kind = 'MEMBER_AVAILABLE' AND currency = $2::"Currency" FOR UPDATE`;

/**
 * Applies a refund event to the order it refunds, once per replay key. A refund for an order not recorded
 * yet (events can arrive out of order) is kept and applied when the order arrives.
 */
export async function recordRefund(db: DbOrTx, input: RefundInput): Promise<RefundOutcome> {
  return unitOfWork(db, (sql) => recordRefundWith(sql, input));
}

/** recordRefund as part of a caller's unit of work: three statements (four after the hold period), the last sent with COMMIT. */
export async function recordRefundWith(sql: Sql, input: RefundInput): Promise<RefundOutcome> {
  if (!(await claimOrder(sql, input))) return { status: "duplicate" } as const;
  const [row] = await sql.query<ApplyRow>(APPLY_SQL, [input.programId, input.source, input.orderId, input.refundKey, input.refundMinor.toString()]);
  if (!row?.purchase_id) return { status: "accepted", found: false } as const;
  if (row.id) {
    const reward = {
      id: row.id,
      programId: row.program_id,
      memberId: row.member_id,
      // The columns are the Currency and RewardStatus enums.
      currency: row.currency as Currency,
      status: row.status as RewardStatus,
      amountMinor: BigInt(row.amount_minor),
      reversalDueMinor: BigInt(row.reversal_due_minor),
      reversedMinor: BigInt(row.reversed_minor),
      unrecoveredMinor: BigInt(row.unrecovered_minor),
      expiredMinor: BigInt(row.expired_minor),
    };
    const purchase = { amountMinor: BigInt(row.purchase_amount ?? "0"), refundedMinor: BigInt(row.purchase_refunded ?? "0") };
    let memberAvailableMinor: bigint | undefined;
    if (reward.status === "AVAILABLE" || reward.status === "EXPIRED") {
      const [account] = await sql.query<{ balance: string }>(AVAILABLE_SQL, [reward.memberId, reward.currency]);
      memberAvailableMinor = BigInt(account?.balance ?? "0");
    }
    refundReward(sql, { reward, providerId: row.provider_id, purchase, refundKey: input.refundKey, actor: input.actor, memberAvailableMinor });
  }
  return { status: "accepted", found: true } as const;
}
