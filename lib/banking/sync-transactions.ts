import type { PlaidApi, RemovedTransaction, Transaction, TransactionsSyncResponse } from "plaid";
import { inTransaction, type Db, type Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { isCurrency } from "@/lib/money/currency";
import { plaidAmountToMinor } from "@/lib/plaid/amount";
import { plaidClient } from "@/lib/plaid/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { findSamePurchase, lockMemberPurchases } from "@/lib/purchases/match-across-sources";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { recordRefund } from "@/lib/purchases/record-refund";
import { SYSTEM } from "@/lib/rewards/actor";
import { matchProgram, normaliseMerchantName, type MerchantRule } from "./match-merchant";

/** A posted transaction without pending_transaction_id is matched to a removed pending one this many days apart at most. */
export const PENDING_MATCH_DAYS = 5;
/** A merchant's refund to the card (money in) is matched to a card purchase at most this many days before it (docs/money-rules.md). */
export const CARD_REFUND_WINDOW_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE_SIZE = 100;
/** A runaway loop guard: no item needs this many pages in one sync. */
const MAX_PAGES = 200;

export type SyncStats = {
  pages: number;
  added: number;
  modified: number;
  removed: number;
  purchases: number;
  reused: number;
  refunds: number;
  /** Card payments of a purchase a shop order or a till sale recorded already: rewarded there, not here. */
  matched: number;
  stale: boolean;
};

type Account = { id: string; userId: string; plaidAccountId: string | null; institutionName: string | null };
type Membership = { memberId: string; programId: string; currency: Currency };
type Context = { account: Account; rules: MerchantRule[]; memberships: Membership[]; stats: SyncStats; now: Date };
type Row = {
  id: string;
  plaidTransactionId: string;
  pendingTransactionId: string | null;
  merchantName: string | null;
  merchantEntityId: string | null;
  amountMinor: bigint;
  currency: string;
  date: Date;
  pending: boolean;
  purchaseId: string | null;
  programId: string | null;
  matchedPurchaseId: string | null;
  refundOfPurchaseId: string | null;
  removedAt: Date | null;
};

const ROW = {
  id: true,
  plaidTransactionId: true,
  pendingTransactionId: true,
  merchantName: true,
  merchantEntityId: true,
  amountMinor: true,
  currency: true,
  date: true,
  pending: true,
  purchaseId: true,
  programId: true,
  matchedPurchaseId: true,
  refundOfPurchaseId: true,
  removedAt: true,
} as const;

const orderIdOf = (plaidTransactionId: string) => `plaid:${plaidTransactionId}`;

/**
 * Pulls an item's new, changed and removed transactions with /transactions/sync from the stored cursor until
 * has_more is false. Each page is applied in one database transaction together with its cursor, so a failure
 * leaves the cursor on the last applied page and the next run repeats only what was not applied. Transactions at
 * a business's merchant (its merchant_match_rules) where the user is an ACTIVE member become LINKED_ACCOUNT
 * purchases; a pending one that posts under a new id keeps its purchase (one reward); removed ones are refunded.
 */
export async function syncTransactions(db: Db, linkedAccountId: string, opts: { client?: PlaidApi; now?: Date } = {}): Promise<SyncStats> {
  const client = opts.client ?? plaidClient();
  const stats: SyncStats = { pages: 0, added: 0, modified: 0, removed: 0, purchases: 0, reused: 0, refunds: 0, matched: 0, stale: false };
  const account = await db.linkedAccount.findUnique({
    where: { id: linkedAccountId },
    select: { id: true, userId: true, plaidAccountId: true, institutionName: true, status: true, accessTokenEnc: true, syncCursor: true },
  });
  if (!account || account.status !== "ACTIVE") return stats;
  const accessToken = decryptSecret(account.accessTokenEnc);
  const members = await db.member.findMany({
    where: { userId: account.userId, status: "ACTIVE" },
    select: { id: true, programId: true, program: { select: { currency: true, merchantRules: { select: { programId: true, kind: true, pattern: true }, orderBy: { createdAt: "asc" } } } } },
    orderBy: { joinedAt: "asc" },
  });
  const ctx: Context = {
    account,
    rules: members.flatMap((m) => m.program.merchantRules),
    memberships: members.map((m) => ({ memberId: m.id, programId: m.programId, currency: m.program.currency })),
    stats,
    now: opts.now ?? new Date(),
  };

  let cursor = account.syncCursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page: TransactionsSyncResponse = (await client.transactionsSync({ access_token: accessToken, count: PAGE_SIZE, ...(cursor ? { cursor } : {}) })).data;
    const from = cursor;
    const applied = await inTransaction(
      db,
      async (tx) => {
        // Serialises syncs of one item (webhook and job at once): whoever comes second sees the cursor moved and stops.
        const [locked] = await tx.$queryRaw<{ sync_cursor: string | null }[]>`SELECT sync_cursor FROM linked_accounts WHERE id = ${account.id}::uuid FOR UPDATE`;
        if (!locked || locked.sync_cursor !== from) return false;
        await applyPage(tx, ctx, page);
        await tx.linkedAccount.update({ where: { id: account.id }, data: { syncCursor: page.next_cursor, lastSyncedAt: ctx.now } });
        return true;
      },
      { timeout: 120_000 },
    );
    if (!applied) {
      stats.stale = true;
      break;
    }
    stats.pages += 1;
    cursor = page.next_cursor;
    if (!page.has_more) break;
  }
  return stats;
}

async function applyPage(tx: Tx, ctx: Context, page: TransactionsSyncResponse): Promise<void> {
  const ours = (t: { account_id?: string | null }) => !ctx.account.plaidAccountId || !t.account_id || t.account_id === ctx.account.plaidAccountId;
  // Removals first, refunds last: a pending transaction removed because it posted is linked to its posted
  // version below, and only removals nothing took over are refunded.
  const removedIds = new Set(page.removed.map((r: RemovedTransaction) => r.transaction_id));
  const removedRows: Row[] = [];
  for (const removed of page.removed) {
    if (!ours(removed)) continue;
    const row = await tx.bankTransaction.findUnique({ where: { plaidTransactionId: removed.transaction_id }, select: ROW });
    if (!row || row.removedAt) continue;
    removedRows.push(await tx.bankTransaction.update({ where: { id: row.id }, data: { removedAt: ctx.now }, select: ROW }));
    ctx.stats.removed += 1;
  }
  for (const [kind, list] of [["added", page.added], ["modified", page.modified]] as const) {
    for (const t of list) {
      if (!ours(t) || removedIds.has(t.transaction_id)) continue;
      ctx.stats[kind] += 1;
      await applyTransaction(tx, ctx, t);
    }
  }
  for (const row of removedRows) {
    if (!row.purchaseId) continue;
    const successor = await tx.bankTransaction.findFirst({ where: { purchaseId: row.purchaseId, removedAt: null, id: { not: row.id } }, select: { id: true } });
    if (!successor) await refundAll(tx, ctx, row.purchaseId, `plaid-removed:${row.plaidTransactionId}`);
  }
}

async function applyTransaction(tx: Tx, ctx: Context, t: Transaction): Promise<void> {
  const currency = (t.iso_currency_code ?? t.unofficial_currency_code ?? "USD").toUpperCase();
  const data = {
    pendingTransactionId: t.pending_transaction_id ?? null,
    merchantName: t.merchant_name ?? t.name ?? null,
    merchantEntityId: t.merchant_entity_id ?? null,
    amountMinor: plaidAmountToMinor(t.amount, currency),
    currency,
    date: new Date(`${t.date}T00:00:00Z`),
    pending: t.pending,
  };
  const existing = await tx.bankTransaction.findUnique({ where: { plaidTransactionId: t.transaction_id }, select: { ...ROW, linkedAccountId: true } });
  if (existing && existing.linkedAccountId !== ctx.account.id) return;
  const row = existing
    ? await tx.bankTransaction.update({ where: { id: existing.id }, data, select: ROW })
    : await tx.bankTransaction.create({ data: { linkedAccountId: ctx.account.id, plaidTransactionId: t.transaction_id, ...data }, select: ROW });

  if (existing?.purchaseId) {
    // A modified amount that went down (a tip removed, a partial reversal) shrinks the reward in proportion.
    if (row.amountMinor >= 0n && row.amountMinor < existing.amountMinor) {
      await refundPart(tx, existing.purchaseId, existing.amountMinor - row.amountMinor, `plaid-modified:${row.plaidTransactionId}:${row.amountMinor}`);
    }
    return;
  }
  if (existing?.matchedPurchaseId || existing?.refundOfPurchaseId) return;
  // Money in: a merchant's refund to the card takes back the cashback of the purchase it refunds, once it posts.
  if (row.amountMinor < 0n) {
    if (!row.pending) await applyCardRefund(tx, ctx, row);
    return;
  }
  if (row.amountMinor === 0n) return;
  if (!row.pending && (await takeOverPending(tx, ctx, row))) return;
  await rewardCardPayment(tx, ctx, row, new Date(`${t.authorized_date ?? t.date}T12:00:00Z`));
}

type Matched = Membership & { /** The card purchase's currency: the card's own, real currency. */ cardCurrency: Currency };

/**
 * The program and membership whose merchant rules recognise the transaction: a money program's in its own
 * currency, a points program's in any currency it records (its rules count the cents, docs/money-rules.md "Points").
 */
function membershipFor(ctx: Context, row: Row): Matched | undefined {
  const programId = matchProgram(ctx.rules, row);
  const membership = programId ? ctx.memberships.find((m) => m.programId === programId) : undefined;
  if (!membership || !isCurrency(row.currency) || row.currency === "PTS") return undefined;
  if (membership.currency !== row.currency && membership.currency !== "PTS") return undefined;
  return { ...membership, cardCurrency: row.currency };
}

/**
 * A card payment at a program's merchant becomes a LINKED_ACCOUNT purchase and earns, unless the shop's order
 * or the till's sale of the same purchase is recorded already (same member and amount, two days apart at
 * most): then the card payment is only linked to it, and earns nothing of its own.
 */
async function rewardCardPayment(tx: Tx, ctx: Context, row: Row, occurredAt: Date): Promise<string | null> {
  const membership = membershipFor(ctx, row);
  if (!membership) return null;
  const same = await unitOfWork(tx, async (sql) => {
    lockMemberPurchases(sql, membership.memberId);
    return findSamePurchase(sql, {
      programId: membership.programId,
      memberId: membership.memberId,
      amountMinor: row.amountMinor,
      currency: membership.cardCurrency,
      occurredAt,
      sources: ["WEBHOOK", "REGISTER"],
      unmatchedOnly: true,
    });
  });
  if (same) {
    await tx.bankTransaction.update({ where: { id: row.id }, data: { matchedPurchaseId: same.id, programId: membership.programId } });
    ctx.stats.matched += 1;
    return null;
  }
  const orderId = orderIdOf(row.plaidTransactionId);
  const outcome = await recordPurchase(tx, {
    programId: membership.programId,
    source: "LINKED_ACCOUNT",
    orderId,
    origin: { channel: "plaid", linkedAccountId: ctx.account.id, plaidTransactionId: row.plaidTransactionId, merchantName: row.merchantName, institution: ctx.account.institutionName },
    amountMinor: row.amountMinor,
    currency: membership.cardCurrency,
    customer: { memberId: membership.memberId },
    occurredAt,
    actor: SYSTEM,
    eventKeys: [`plaid-txn:${row.plaidTransactionId}`],
    now: ctx.now,
  });
  const purchaseId =
    outcome.status === "accepted"
      ? outcome.purchaseId
      : (await tx.purchase.findFirst({ where: { programId: membership.programId, source: "LINKED_ACCOUNT", orderId }, select: { id: true } }))?.id;
  if (!purchaseId) return null;
  if (outcome.status === "accepted") ctx.stats.purchases += 1;
  await tx.bankTransaction.update({ where: { id: row.id }, data: { purchaseId, programId: membership.programId } });
  return purchaseId;
}

type RefundTarget = { purchaseId: string; source: "LINKED_ACCOUNT" | "REGISTER"; orderId: string; refundMinor: bigint; sameMerchant: boolean; exact: boolean; date: Date };

/**
 * A posted credit at a program's merchant is the merchant's refund of an earlier card purchase: the same
 * member's purchase at that merchant, at most CARD_REFUND_WINDOW_DAYS before it, with at least the credit left
 * unrefunded (same merchant name or id first, then the same amount, then the most recent). It is refunded
 * through the webhook refund path, once per credit. A card payment that was a till sale refunds that sale; one
 * that was a shop order is left to the shop's own refund webhook (counting both would refund twice).
 */
async function applyCardRefund(tx: Tx, ctx: Context, row: Row): Promise<void> {
  const membership = membershipFor(ctx, row);
  if (!membership) return;
  const credit = -row.amountMinor;
  const candidates = await tx.bankTransaction.findMany({
    where: {
      linkedAccount: { userId: ctx.account.userId },
      programId: membership.programId,
      amountMinor: { gt: 0n },
      currency: row.currency,
      removedAt: null,
      id: { not: row.id },
      OR: [{ purchaseId: { not: null } }, { matchedPurchaseId: { not: null } }],
      date: { gte: new Date(row.date.getTime() - CARD_REFUND_WINDOW_DAYS * DAY_MS), lte: row.date },
    },
    select: ROW,
  });
  const targets: RefundTarget[] = [];
  for (const c of candidates) {
    const purchase = await tx.purchase.findUnique({
      // A card payment matched to a till sale refunds the sale (its own card purchase, if any, was superseded).
      where: { id: c.matchedPurchaseId ?? c.purchaseId ?? "" },
      select: { id: true, source: true, orderId: true, memberId: true, amountMinor: true, currency: true, refundedMinor: true, duplicateOfId: true },
    });
    if (!purchase || purchase.memberId !== membership.memberId || purchase.duplicateOfId) continue;
    if (purchase.source !== "LINKED_ACCOUNT" && purchase.source !== "REGISTER") continue;
    const remaining = purchase.amountMinor - purchase.refundedMinor;
    const refundMinor = purchase.currency === row.currency ? credit : tillShare(credit, c.amountMinor, purchase.amountMinor, remaining);
    if (refundMinor === null || refundMinor <= 0n || remaining < refundMinor) continue;
    targets.push({ purchaseId: purchase.id, source: purchase.source, orderId: purchase.orderId, refundMinor, sameMerchant: sameMerchant(c, row), exact: c.amountMinor === credit, date: c.date });
  }
  targets.sort((a, b) => Number(b.sameMerchant) - Number(a.sameMerchant) || Number(b.exact) - Number(a.exact) || b.date.getTime() - a.date.getTime());
  const target = targets.find((t, i, all) => all.findIndex((o) => o.purchaseId === t.purchaseId) === i);
  if (!target) return;
  const key = `plaid-credit:${row.plaidTransactionId}`;
  await recordRefund(tx, { programId: membership.programId, source: target.source, orderId: target.orderId, refundMinor: target.refundMinor, refundKey: key, eventKeys: [key], actor: SYSTEM });
  await tx.bankTransaction.update({ where: { id: row.id }, data: { refundOfPurchaseId: target.purchaseId, programId: membership.programId } });
  ctx.stats.refunds += 1;
}

/**
 * A card credit refunding a points program's till sale (recorded in whole units, PTS) as that sale's share: the
 * credit's share of the card payment, of the sale, rounded up and no more than what is left of it — the whole
 * payment refunds the whole sale (−€42.10 of €42.10 refunds all 42). Null when the credit exceeds the payment.
 */
function tillShare(credit: bigint, paymentMinor: bigint, saleMinor: bigint, remaining: bigint): bigint | null {
  if (paymentMinor <= 0n || credit > paymentMinor) return null;
  const share = (credit * saleMinor + paymentMinor - 1n) / paymentMinor;
  return share < remaining ? share : remaining;
}

const sameMerchant = (a: Row, b: Row) =>
  a.merchantEntityId && b.merchantEntityId
    ? a.merchantEntityId === b.merchantEntityId
    : !!a.merchantName && !!b.merchantName && normaliseMerchantName(a.merchantName) === normaliseMerchantName(b.merchantName);

/**
 * A posted transaction takes over the purchase of the pending one it replaces, so it is not rewarded twice:
 * the one named by pending_transaction_id, or when Plaid did not say, a removed pending transaction on the
 * same account with the same amount and merchant a few days apart. Not when that purchase was already refunded.
 */
async function takeOverPending(tx: Tx, ctx: Context, row: Row): Promise<boolean> {
  let predecessor: Row | null = null;
  if (row.pendingTransactionId) {
    predecessor = await tx.bankTransaction.findFirst({ where: { plaidTransactionId: row.pendingTransactionId, linkedAccountId: ctx.account.id }, select: ROW });
    // The authorisation was a shop order's or a till sale's card payment: so is what posted.
    if (predecessor?.matchedPurchaseId && !predecessor.purchaseId) {
      await tx.bankTransaction.update({ where: { id: row.id }, data: { matchedPurchaseId: predecessor.matchedPurchaseId, programId: predecessor.programId } });
      ctx.stats.reused += 1;
      return true;
    }
  } else {
    const candidates = await tx.bankTransaction.findMany({
      where: {
        linkedAccountId: ctx.account.id,
        pending: true,
        removedAt: { not: null },
        purchaseId: { not: null },
        amountMinor: row.amountMinor,
        currency: row.currency,
        date: { gte: new Date(row.date.getTime() - PENDING_MATCH_DAYS * DAY_MS), lte: new Date(row.date.getTime() + PENDING_MATCH_DAYS * DAY_MS) },
      },
      orderBy: { date: "desc" },
      select: ROW,
    });
    for (const c of candidates) {
      if (sameMerchant(c, row) && !(await takenBySomeoneElse(tx, c, row))) {
        predecessor = c;
        break;
      }
    }
  }
  if (!predecessor?.purchaseId) return false;
  if (await takenBySomeoneElse(tx, predecessor, row)) return false;
  const purchase = await tx.purchase.findUnique({ where: { id: predecessor.purchaseId }, select: { amountMinor: true, refundedMinor: true } });
  if (!purchase || purchase.refundedMinor >= purchase.amountMinor) return false;
  // The reward follows the amount that posted, not the one authorised (docs/money-rules.md).
  if (row.amountMinor > predecessor.amountMinor) {
    // More posted than authorised (a tip): the authorisation's reward is cancelled and the posted payment earns
    // on its own amount, as a purchase of its own.
    await refundAll(tx, ctx, predecessor.purchaseId, `plaid-posted:${row.plaidTransactionId}`);
    const occurredAt = await tx.purchase.findUniqueOrThrow({ where: { id: predecessor.purchaseId }, select: { occurredAt: true } });
    await rewardCardPayment(tx, ctx, row, occurredAt.occurredAt);
    return true;
  }
  await tx.bankTransaction.update({ where: { id: row.id }, data: { purchaseId: predecessor.purchaseId, programId: predecessor.programId } });
  if (row.amountMinor < predecessor.amountMinor) {
    // Less posted than authorised (fuel, a hotel deposit): the reward keeps the share that posted.
    await refundPart(tx, predecessor.purchaseId, predecessor.amountMinor - row.amountMinor, `plaid-posted:${row.plaidTransactionId}`);
  }
  ctx.stats.reused += 1;
  return true;
}

async function takenBySomeoneElse(tx: Tx, predecessor: Row, row: Row): Promise<boolean> {
  if (!predecessor.purchaseId) return false;
  const other = await tx.bankTransaction.findFirst({ where: { purchaseId: predecessor.purchaseId, id: { notIn: [predecessor.id, row.id] } }, select: { id: true } });
  return other !== null;
}

async function refundAll(tx: Tx, ctx: Context, purchaseId: string, key: string): Promise<void> {
  if (await refundRest(tx, purchaseId, key)) ctx.stats.refunds += 1;
}

/** Refunds what is left of a card purchase (its reward is cancelled or taken back); false when nothing was left. */
export async function refundRest(tx: Tx, purchaseId: string, key: string): Promise<boolean> {
  const purchase = await tx.purchase.findUnique({ where: { id: purchaseId }, select: { amountMinor: true, refundedMinor: true } });
  if (!purchase || purchase.refundedMinor >= purchase.amountMinor) return false;
  await refundPart(tx, purchaseId, purchase.amountMinor - purchase.refundedMinor, key);
  return true;
}

/**
 * The card authorisations of an account that have not posted (pending, not replaced by a posted transaction):
 * their rewards are cancelled. Called when the account is unlinked, since Boomerang can no longer see whether
 * they post (docs/money-rules.md). Returns how many were cancelled.
 */
export async function cancelUnpostedAuthorisations(tx: Tx, linkedAccountId: string): Promise<number> {
  const pending = await tx.bankTransaction.findMany({ where: { linkedAccountId, pending: true, removedAt: null, purchaseId: { not: null } }, select: ROW });
  let cancelled = 0;
  for (const row of pending) {
    if (!row.purchaseId) continue;
    const posted = await tx.bankTransaction.findFirst({ where: { purchaseId: row.purchaseId, pending: false, removedAt: null }, select: { id: true } });
    if (posted) continue;
    if (await refundRest(tx, row.purchaseId, `plaid-unposted:${row.plaidTransactionId}`)) cancelled += 1;
  }
  return cancelled;
}

async function refundPart(tx: Tx, purchaseId: string, refundMinor: bigint, key: string): Promise<void> {
  const purchase = await tx.purchase.findUnique({ where: { id: purchaseId }, select: { programId: true, source: true, orderId: true } });
  if (!purchase) return;
  await recordRefund(tx, { programId: purchase.programId, source: purchase.source, orderId: purchase.orderId, refundMinor, refundKey: key, eventKeys: [key], actor: SYSTEM });
}
