import { inTransaction, type DbOrTx, type Tx } from "@/lib/db/client";
import type { Currency, PurchaseSource } from "@/lib/db/generated/enums";
import type { Json } from "@/lib/ledger";
import { normaliseMemberCode } from "@/lib/members/member-code";
import type { Actor } from "@/lib/rewards/actor";
import { issueReward } from "@/lib/rewards/issue-reward";
import { loadProgramSettings } from "@/lib/rewards/program-settings";
import type { RewardRow } from "@/lib/rewards/postings";

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

export type RecordOutcome = { status: "accepted"; purchaseId: string; reward: RewardRow | null } | { status: "duplicate" };

/** Claims replay keys in the caller's transaction; false when any was claimed before (by a committed transaction). */
export async function claimEventKeys(tx: Tx, programId: string, keys: string[]): Promise<boolean> {
  if (keys.length === 0) return true;
  const inserted = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO processed_events (program_id, key) SELECT ${programId}::uuid, k FROM unnest(${keys}::text[]) AS k
    ON CONFLICT DO NOTHING RETURNING key`;
  return inserted.length === keys.length;
}

/**
 * Serialises everything that happens to one order (its payment, its refunds) for the rest of the caller's
 * transaction, so a refund racing its own order cannot slip between them.
 */
export async function lockOrder(tx: Tx, programId: string, source: PurchaseSource, orderId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${programId}|${source}|${orderId}`}, 0))::text`;
}

/** The program's member a purchase belongs to, if they are one; null for a customer who has not joined. */
export async function resolveMember(tx: Tx, programId: string, customer: CustomerRef) {
  const select = { id: true, segment: true, tier: true, status: true } as const;
  if (customer.memberId) return tx.member.findFirst({ where: { id: customer.memberId, programId }, select });
  const code = customer.memberCode ? normaliseMemberCode(customer.memberCode) : null;
  if (code) {
    const byCode = await tx.member.findFirst({ where: { code, programId }, select });
    if (byCode) return byCode;
  }
  if (customer.externalId) {
    const byExternal = await tx.member.findFirst({ where: { externalId: customer.externalId, programId }, select });
    if (byExternal) return byExternal;
  }
  if (customer.email) return tx.member.findFirst({ where: { programId, user: { email: customer.email.trim().toLowerCase() } }, select });
  return null;
}

function itemsJson(items: PurchaseItemInput[] | undefined) {
  return items?.map((i) => ({ sku: i.sku, ...(i.category ? { category: i.category } : {}), amountMinor: i.amountMinor.toString(), quantity: i.quantity }));
}

/**
 * Records a purchase from any source, exactly once per (program, source, order id) and per replay key,
 * and rewards it when the customer is a member. A purchase by someone who has not joined is kept and
 * rewarded when they join (claimPurchases). The answer does not say whether the customer is known.
 */
export async function recordPurchase(db: DbOrTx, input: RecordPurchaseInput): Promise<RecordOutcome> {
  return inTransaction(db, async (tx) => {
    if (!(await claimEventKeys(tx, input.programId, input.eventKeys ?? []))) return { status: "duplicate" } as const;
    await lockOrder(tx, input.programId, input.source, input.orderId);
    const member = await resolveMember(tx, input.programId, input.customer);
    const [purchase] = await tx.purchase.createManyAndReturn({
      data: [
        {
          programId: input.programId,
          source: input.source,
          orderId: input.orderId,
          origin: input.origin,
          amountMinor: input.amountMinor,
          currency: input.currency,
          customerEmail: input.customer.email?.trim().toLowerCase() || null,
          customerExternalId: input.customer.externalId ?? null,
          customerMemberCode: input.customer.memberCode ?? null,
          memberId: member?.id ?? null,
          cashierUserId: input.cashierUserId ?? null,
          items: itemsJson(input.items),
          occurredAt: input.occurredAt ?? new Date(),
        },
      ],
      skipDuplicates: true,
      select: { id: true, source: true, amountMinor: true, refundedMinor: true, currency: true, occurredAt: true, items: true },
    });
    if (!purchase) return { status: "duplicate" } as const;
    // Refunds that arrived before the order apply now, so the reward is computed on what was kept.
    const early = await tx.$queryRaw<{ refund_minor: bigint }[]>`
      DELETE FROM early_refunds WHERE program_id = ${input.programId}::uuid AND source = ${input.source}::"PurchaseSource" AND order_id = ${input.orderId}
      RETURNING refund_minor`;
    if (early.length > 0) {
      const total = early.reduce((sum, r) => sum + BigInt(r.refund_minor), 0n);
      purchase.refundedMinor = total > purchase.amountMinor ? purchase.amountMinor : total;
      await tx.purchase.update({ where: { id: purchase.id }, data: { refundedMinor: purchase.refundedMinor } });
    }
    if (!member) return { status: "accepted", purchaseId: purchase.id, reward: null } as const;
    const program = await loadProgramSettings(tx, input.programId);
    const reward = await issueReward(tx, { program, purchase, member, actor: input.actor, now: input.now });
    return { status: "accepted", purchaseId: purchase.id, reward } as const;
  });
}
