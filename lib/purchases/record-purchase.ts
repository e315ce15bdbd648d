import { randomUUID } from "node:crypto";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork, type Sql } from "@/lib/db/unit-of-work";
import type { Currency, MemberStatus, PurchaseSource } from "@/lib/db/generated/enums";
import type { Json } from "@/lib/ledger";
import { normaliseMemberCode } from "@/lib/members/member-code";
import type { Actor } from "@/lib/rewards/actor";
import { issueRewardWith } from "@/lib/rewards/issue-reward";
import { programSettingsColumns, programSettingsOf, type ProgramSettingsRow } from "@/lib/rewards/program-settings";
import type { RewardRow } from "@/lib/rewards/postings";
import { supersedeCardPurchase } from "./match-across-sources";

export type CustomerRef = { memberId?: string; email?: string; memberCode?: string; externalId?: string };
export type PurchaseItemInput = { sku: string; category?: string; amountMinor: bigint; quantity: number };

export type RecordPurchaseInput = {
  programId: string;
  source: PurchaseSource;
  orderId: string;
  origin: { [key: string]: Json };
  amountMinor: bigint;
  currency: Currency;
  customer: CustomerRef;
  items?: PurchaseItemInput[];
  occurredAt?: Date;
  cashierUserId?: string;
  actor: Actor;
  /** The clock for the hold period (tests); defaults to now. */
  now?: Date;
  /** Replay keys committed with the purchase (e.g. "wh:<webhook id>", "order:<id>:order.paid"); any seen before → duplicate. */
  eventKeys?: string[];
};

/** Sources whose record of a purchase takes the place of a card payment of it (docs/money-rules.md). */
const SUPERSEDES_CARD: ReadonlySet<PurchaseSource> = new Set(["WEBHOOK", "REGISTER"]);

export type RecordOutcome = { status: "accepted"; purchaseId: string; reward: RewardRow | null } | { status: "duplicate" };

function itemsJson(items: PurchaseItemInput[] | undefined) {
  return items?.map((i) => ({ sku: i.sku, ...(i.category ? { category: i.category } : {}), amountMinor: i.amountMinor.toString(), quantity: i.quantity }));
}

// Claims the replay keys and, only when every one is new, takes the order's lock for the rest of the
// transaction, so everything that happens to one order (its payment, its refunds) is serialised.
const CLAIM_ORDER_SQL = `
  WITH claimed AS (
    INSERT INTO processed_events (program_id, key) SELECT $1::uuid, k FROM unnest($2::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key
  ), fresh AS (SELECT count(*)::int AS n FROM claimed),
  locked AS (SELECT pg_advisory_xact_lock(hashtextextended($3::text, 0)) FROM fresh WHERE fresh.n = $4::int)
  SELECT f.n AS claimed, (SELECT count(*)::int FROM locked) AS locked FROM fresh f`;

/** Claims an order event's replay keys and locks the order; false when any key was claimed before. */
export async function claimOrder(sql: Sql, input: { programId: string; source: PurchaseSource; orderId: string; eventKeys: string[] }): Promise<boolean> {
  const [row] = await sql.query<{ claimed: number }>(CLAIM_ORDER_SQL, [input.programId, input.eventKeys, orderLockKey(input), input.eventKeys.length]);
  return row?.claimed === input.eventKeys.length;
}

export const orderLockKey = (input: { programId: string; source: PurchaseSource; orderId: string }) => `${input.programId}|${input.source}|${input.orderId}`;

// CLAIM_ORDER_SQL, and in the same statement who the customer is and the program's settings.
const CLAIM_SQL = `
  WITH claimed AS (
    INSERT INTO processed_events (program_id, key) SELECT $1::uuid, k FROM unnest($2::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key
  ), fresh AS (SELECT count(*)::int AS n FROM claimed),
  locked AS (SELECT pg_advisory_xact_lock(hashtextextended($3::text, 0)) FROM fresh WHERE fresh.n = $4::int)
  SELECT f.n AS claimed, (SELECT count(*)::int FROM locked) AS locked,
         m.id AS member_id, m.segment AS member_segment, m.tier AS member_tier, m.status::text AS member_status, m.blocked AS member_blocked,
         ${programSettingsColumns("s")}
    FROM fresh f
    LEFT JOIN programs s ON s.id = $1::uuid
    LEFT JOIN LATERAL (
      SELECT x.id, x.segment, x.tier, x.status, x.earning_blocked_at IS NOT NULL AS blocked FROM (
        SELECT 1 AS pri, mm.id, mm.segment, mm.tier, mm.status, mm.earning_blocked_at FROM members mm WHERE $5::uuid IS NOT NULL AND mm.id = $5::uuid AND mm.program_id = $1::uuid
        UNION ALL
        SELECT 2, mm.id, mm.segment, mm.tier, mm.status, mm.earning_blocked_at FROM members mm WHERE $5::uuid IS NULL AND mm.code = $6::text AND mm.program_id = $1::uuid
        UNION ALL
        SELECT 3, mm.id, mm.segment, mm.tier, mm.status, mm.earning_blocked_at FROM members mm WHERE $5::uuid IS NULL AND mm.external_id = $7::text AND mm.program_id = $1::uuid
        UNION ALL
        SELECT 4, mm.id, mm.segment, mm.tier, mm.status, mm.earning_blocked_at FROM members mm JOIN users u ON u.id = mm.user_id
         WHERE $5::uuid IS NULL AND u.email = $8::text AND mm.program_id = $1::uuid
      ) x ORDER BY x.pri LIMIT 1
    ) m ON true`;

type ClaimRow = ProgramSettingsRow & {
  claimed: number;
  member_id: string | null;
  member_segment: string | null;
  member_tier: string | null;
  member_status: string | null;
  member_blocked: boolean | null;
};

// Under the order's lock: inserts the purchase unless the order is recorded already, netting (and deleting)
// refunds that arrived before it.
const INSERT_SQL = `
  WITH existing AS (SELECT 1 FROM purchases WHERE program_id = $1::uuid AND source = $2::"PurchaseSource" AND order_id = $3::text),
  early AS (
    DELETE FROM early_refunds WHERE program_id = $1::uuid AND source = $2::"PurchaseSource" AND order_id = $3::text AND NOT EXISTS (SELECT 1 FROM existing)
    RETURNING refund_minor
  ), ins AS (
    INSERT INTO purchases (id, program_id, source, order_id, origin, amount_minor, currency, refunded_minor, customer_email, customer_external_id,
                           customer_member_code, member_id, cashier_user_id, items, occurred_at)
    SELECT $4::uuid, $1::uuid, $2::"PurchaseSource", $3::text, $5::jsonb, $6::bigint, $7::"Currency", LEAST($6::bigint, coalesce((SELECT sum(refund_minor) FROM early), 0)),
           $8::text, $9::text, $10::text, $11::uuid, $12::uuid, $13::jsonb, $14::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM existing)
    ON CONFLICT DO NOTHING
    RETURNING id, refunded_minor
  )
  SELECT (SELECT id FROM ins) AS id, (SELECT refunded_minor::text FROM ins) AS refunded`;

/**
 * Records a purchase from any source, exactly once per (program, source, order id) and per replay key,
 * and rewards it when the customer is a member. A purchase by someone who has not joined is kept and
 * rewarded when they join (claimPurchases). The answer does not say whether the customer is known.
 */
export async function recordPurchase(db: DbOrTx, input: RecordPurchaseInput): Promise<RecordOutcome> {
  return unitOfWork(db, (sql) => recordPurchaseWith(sql, input));
}

/**
 * recordPurchase as part of a caller's unit of work, in three statements when the customer is a member
 * (claim + lock + reads; the purchase; the reward with its postings, sent with what follows).
 */
export async function recordPurchaseWith(sql: Sql, input: RecordPurchaseInput): Promise<RecordOutcome> {
  const keys = input.eventKeys ?? [];
  const { customer } = input;
  const email = customer.email?.trim().toLowerCase() || null;
  const code = !customer.memberId && customer.memberCode ? normaliseMemberCode(customer.memberCode) : null;
  const [claim] = await sql.query<ClaimRow>(CLAIM_SQL, [
    input.programId,
    keys,
    orderLockKey(input),
    keys.length,
    customer.memberId ?? null,
    code,
    customer.memberId ? null : (customer.externalId ?? null),
    customer.memberId ? null : email,
  ]);
  if (!claim || claim.claimed !== keys.length) return { status: "duplicate" } as const;
  const member = claim.member_id
    ? // The column is the MemberStatus enum.
      { id: claim.member_id, segment: claim.member_segment, tier: claim.member_tier, status: claim.member_status as MemberStatus, earningBlocked: claim.member_blocked === true }
    : null;
  const program = programSettingsOf(claim);
  if (member && !program) throw new Error(`recordPurchase: no program ${input.programId}`);

  const now = input.now ?? new Date();
  const purchaseId = randomUUID();
  const items = itemsJson(input.items);
  const occurredAt = input.occurredAt ?? new Date();
  const [inserted] = await sql.query<{ id: string | null; refunded: string | null }>(INSERT_SQL, [
    input.programId,
    input.source,
    input.orderId,
    purchaseId,
    JSON.stringify(input.origin),
    input.amountMinor.toString(),
    input.currency,
    email,
    customer.externalId ?? null,
    customer.memberCode ?? null,
    member?.id ?? null,
    input.cashierUserId ?? null,
    items === undefined ? null : JSON.stringify(items),
    occurredAt.toISOString(),
  ]);
  if (!inserted?.id) return { status: "duplicate" } as const;
  if (!member || !program) return { status: "accepted", purchaseId, reward: null } as const;

  const purchase = {
    id: purchaseId,
    source: input.source,
    amountMinor: input.amountMinor,
    refundedMinor: BigInt(inserted.refunded ?? "0"),
    currency: input.currency,
    occurredAt,
    items: items ?? null,
  };
  const reward = await issueRewardWith(sql, { program, purchase, member, actor: input.actor, now });
  // One purchase, one reward: the shop's or the till's record wins over a card payment of the same purchase.
  if (SUPERSEDES_CARD.has(input.source)) {
    await supersedeCardPurchase(sql, { programId: input.programId, memberId: member.id, purchaseId, amountMinor: input.amountMinor, currency: input.currency, occurredAt, actor: input.actor });
  }
  return { status: "accepted", purchaseId, reward } as const;
}
