import type { Currency, PurchaseSource } from "@/lib/db/generated/enums";
import type { Sql } from "@/lib/db/unit-of-work";
import type { Actor } from "@/lib/rewards/actor";
import { POINTS_BASKET_SCALE } from "@/lib/rules/evaluate";
import { recordRefundWith } from "./record-refund";

// One purchase, one reward (docs/money-rules.md): a shop order or a till sale paid with a linked card reaches
// Boomerang twice, and a receipt may be photographed of either. These find the other record of a purchase.

/** Two records of one member's purchase are the same purchase when their amounts match and they are this many days apart at most. */
export const SAME_PURCHASE_WINDOW_DAYS = 2;

/*
 * Amounts match in one currency when they are equal. In a points program the till and receipts record whole
 * currency units in PTS ("42") while a shop order or a card payment records cents of a real currency (4210):
 * they are compared on the rules' scale (docs/money-rules.md, "Points"), the whole units counted in hundredths
 * (POINTS_BASKET_SCALE), and match when they are less than one whole unit apart — the till's 42 is €42.10
 * with the cents dropped (or €41.90 rounded up), not €43.00.
 */

export type SamePurchase = { id: string; source: PurchaseSource; orderId: string; amountMinor: bigint; currency: Currency; refundedMinor: bigint; occurredAt: Date };

export type SamePurchaseQuery = {
  programId: string;
  memberId: string;
  amountMinor: bigint;
  currency: Currency;
  occurredAt: Date;
  sources: PurchaseSource[];
  /** Order or receipt references the new record carries (a receipt number): a purchase with that order id matches whatever its amount or date. */
  refs?: string[];
  /** Only purchases no other record was matched to yet (each record stands for one purchase). */
  unmatchedOnly?: boolean;
  /** Only purchases with something left to refund (a fully refunded one cannot be the same live purchase). */
  unrefundedOnly?: boolean;
  excludeId?: string;
};

const LOCK_SQL = `SELECT count(*)::int AS n FROM (SELECT pg_advisory_xact_lock(hashtextextended($1::text, 0))) l`;

/**
 * Serialises matching for one member until the transaction ends: the card sync, a shop's webhook, the till and
 * a receipt upload each look for the others' records under it, so two records of one purchase arriving at once
 * cannot both be rewarded.
 */
export function lockMemberPurchases(sql: Sql, memberId: string): void {
  // Sent without waiting: the statement after it runs once the lock is held, with a snapshot taken then.
  sql.write(LOCK_SQL, [`same-purchase:${memberId}`]);
}

const FIND_SQL = `
  SELECT p.id, p.source::text AS source, p.order_id, p.amount_minor::text AS amount_minor, p.currency::text AS currency, p.refunded_minor::text AS refunded_minor, p.occurred_at
    FROM purchases p
   WHERE p.program_id = $1::uuid AND p.member_id = $2::uuid AND p.source::text = ANY($3::text[])
     AND (p.currency = $4::"Currency" OR ((p.currency = 'PTS') <> ($4::"Currency" = 'PTS')))
     AND p.duplicate_of_id IS NULL
     AND (p.id <> $9::uuid OR $9::uuid IS NULL)
     AND (((CASE WHEN p.currency = $4::"Currency" THEN p.amount_minor = $5::bigint
                WHEN p.currency = 'PTS' THEN abs(p.amount_minor * $12::bigint - $5::bigint) < $12::bigint
                ELSE abs(p.amount_minor - $5::bigint * $12::bigint) < $12::bigint END)
          AND p.occurred_at BETWEEN $6::timestamptz - make_interval(days => $7::int) AND $6::timestamptz + make_interval(days => $7::int))
          OR p.order_id = ANY($8::text[]))
     AND (NOT $10::boolean OR (NOT EXISTS (SELECT 1 FROM purchases d WHERE d.duplicate_of_id = p.id)
                               AND NOT EXISTS (SELECT 1 FROM bank_transactions b WHERE b.matched_purchase_id = p.id AND b.removed_at IS NULL)))
     AND (NOT $11::boolean OR p.refunded_minor < p.amount_minor)
   ORDER BY (p.order_id = ANY($8::text[])) DESC, abs(extract(epoch FROM p.occurred_at - $6::timestamptz)), p.created_at
   LIMIT 1`;

type FoundRow = { id: string; source: PurchaseSource; order_id: string; amount_minor: string; currency: Currency; refunded_minor: string; occurred_at: Date };

/** The member's purchase from one of `sources` that is the same purchase as the one described, or null. */
export async function findSamePurchase(sql: Sql, q: SamePurchaseQuery): Promise<SamePurchase | null> {
  const [row] = await sql.query<FoundRow>(FIND_SQL, [
    q.programId,
    q.memberId,
    q.sources,
    q.currency,
    q.amountMinor.toString(),
    q.occurredAt.toISOString(),
    SAME_PURCHASE_WINDOW_DAYS,
    (q.refs ?? []).filter((r) => r.length > 0),
    q.excludeId ?? null,
    q.unmatchedOnly ?? false,
    q.unrefundedOnly ?? false,
    POINTS_BASKET_SCALE.toString(),
  ]);
  if (!row) return null;
  return {
    id: row.id,
    source: row.source,
    orderId: row.order_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    refundedMinor: BigInt(row.refunded_minor),
    occurredAt: new Date(row.occurred_at),
  };
}

const MARK_SQL = `
  WITH dup AS (UPDATE purchases SET duplicate_of_id = $2::uuid WHERE id = $1::uuid AND duplicate_of_id IS NULL RETURNING id)
  UPDATE bank_transactions SET matched_purchase_id = $2::uuid, updated_at = now() WHERE purchase_id IN (SELECT id FROM dup)`;

/**
 * A shop order or till sale was recorded for a member: if a card payment of the same purchase was rewarded
 * already (matched by member, amount and date), that card purchase is marked as its duplicate and its reward
 * taken back through the refund path (a full refund of the card purchase). Returns the card purchase's id.
 * Runs under the member's lock, after the new purchase was written in the same unit of work.
 */
export async function supersedeCardPurchase(
  sql: Sql,
  input: { programId: string; memberId: string; purchaseId: string; amountMinor: bigint; currency: Currency; occurredAt: Date; refs?: string[]; actor: Actor },
): Promise<string | null> {
  lockMemberPurchases(sql, input.memberId);
  const card = await findSamePurchase(sql, { ...input, sources: ["LINKED_ACCOUNT"], unmatchedOnly: true, unrefundedOnly: true, excludeId: input.purchaseId });
  if (!card) return null;
  await sql.query(MARK_SQL, [card.id, input.purchaseId]);
  const key = `same-purchase:${card.id}:${input.purchaseId}`;
  await recordRefundWith(sql, {
    programId: input.programId,
    source: "LINKED_ACCOUNT",
    orderId: card.orderId,
    refundMinor: card.amountMinor - card.refundedMinor,
    refundKey: key,
    eventKeys: [key],
    actor: input.actor,
  });
  return card.id;
}
