import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/plaid/route";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { fakePlaid, PLAID_TEST_URL, type FakeTxn } from "@/tests/support/plaid";
import { clearWebhookKeyCache } from "@/lib/plaid/verify-webhook";
import { createProvider } from "@/lib/providers/create-provider";
import { linkAccount } from "./link-account";
import { syncAllLinkedAccounts } from "./sync-all-linked-accounts";
import { syncTransactions } from "./sync-transactions";

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;

const plaid = fakePlaid();
const short = () => randomUUID().slice(0, 8);
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => plaid.server.listen({ onUnhandledRequest: "error" }));
afterAll(() => plaid.server.close());
beforeEach(() => {
  plaid.state.pageSize = 100;
  plaid.state.failAtCursor = null;
});

async function aProgram(name: string) {
  const owner = await db.user.create({ data: { email: `owner-${short()}@plaid.test`, name: "Owner", passwordHash: "x" } });
  return createProvider(db, { name, slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 });
}

/** A user who is a member of `programIds` and has linked a (fake) bank account. */
async function linkedMember(programIds: string[]) {
  const user = await db.user.create({ data: { email: `m-${short()}@plaid.test`, name: "Maya", passwordHash: "x" } });
  const members = [];
  for (const programId of programIds) members.push(await joinProgram(db, { userId: user.id, programId }));
  const item = plaid.newItem();
  const account = await linkAccount(db, { userId: user.id, publicToken: item.publicToken });
  return { user, members, item, account, member: members[0] ?? { id: "" } };
}

const rewardsOf = (memberId: string) => db.reward.findMany({ where: { memberId }, select: { status: true, amountMinor: true, purchaseId: true }, orderBy: { createdAt: "asc" } });
const purchasesOf = (memberId: string) => db.purchase.findMany({ where: { memberId }, select: { id: true, source: true, amountMinor: true, refundedMinor: true, orderId: true } });
const cafe = (itemId: string, t: Partial<FakeTxn> & { amount: number }) => plaid.txn(itemId, { merchant_name: "Café Aurora Old Town", ...t });

let aurora: Awaited<ReturnType<typeof aProgram>>;
let bloom: Awaited<ReturnType<typeof aProgram>>;

beforeAll(async () => {
  aurora = await aProgram("Aurora");
  bloom = await aProgram("Bloom");
  await db.merchantMatchRule.createMany({
    data: [
      { programId: aurora.programId, kind: "NAME", pattern: "Cafe Aurora*" },
      { programId: bloom.programId, kind: "NAME", pattern: "Bloom Books" },
      { programId: bloom.programId, kind: "ENTITY_ID", pattern: "ent_bloom_1" },
    ],
  });
});

describe("syncTransactions", () => {
  it("turns an added purchase at a matching merchant into one LINKED_ACCOUNT purchase with a pending reward; ignores the rest", async () => {
    const m = await linkedMember([aurora.programId]);
    const coffee = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 12.5 }));
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { amount: 40, merchant_name: "Uber" }));
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { amount: -5, merchant_name: "Payroll" })); // money in elsewhere: not a purchase, not a refund
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 9, account_id: "another-account" })); // not the tracked account
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 7, iso_currency_code: "USD" })); // not the program's currency

    const stats = await syncTransactions(db, m.account.id);
    expect(stats).toMatchObject({ pages: 1, added: 4, purchases: 1 });
    const purchases = await purchasesOf(m.member.id);
    expect(purchases).toEqual([expect.objectContaining({ source: "LINKED_ACCOUNT", amountMinor: 1250n, orderId: `plaid:${coffee.transaction_id}` })]);
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 125n })]);
    const rows = await db.bankTransaction.findMany({ where: { linkedAccountId: m.account.id } });
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.plaidTransactionId === coffee.transaction_id)).toMatchObject({ purchaseId: purchases[0]?.id, programId: aurora.programId });
    const account = await db.linkedAccount.findUniqueOrThrow({ where: { id: m.account.id } });
    expect(account.syncCursor).toBe("5");

    // Nothing new: a second sync changes nothing.
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ pages: 1, added: 0, purchases: 0 });
    expect(await rewardsOf(m.member.id)).toHaveLength(1);
  });

  it("pending → posted with pending_transaction_id in one page: one purchase, for the posted transaction", async () => {
    const m = await linkedMember([aurora.programId]);
    const pending = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 20, pending: true }));
    await syncTransactions(db, m.account.id);
    // Plaid removes the pending one and adds the posted one in the same update.
    plaid.remove(m.item.itemId, pending);
    const posted = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 20, pending_transaction_id: pending.transaction_id }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ pages: 1, purchases: 0, reused: 1, refunds: 0 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 200n })]);
    const rows = await db.bankTransaction.findMany({ where: { linkedAccountId: m.account.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.plaidTransactionId, r.removedAt !== null])).toEqual([
      [pending.transaction_id, true],
      [posted.transaction_id, false],
    ]);
    expect(rows[0]?.purchaseId).toBe(rows[1]?.purchaseId);

    // Seen together for the first time (both changes in the very first page): the posted one is rewarded once.
    const fresh = await linkedMember([aurora.programId]);
    const p2 = plaid.add(fresh.item.itemId, cafe(fresh.item.itemId, { amount: 21, pending: true }));
    plaid.remove(fresh.item.itemId, p2);
    plaid.add(fresh.item.itemId, cafe(fresh.item.itemId, { amount: 21, pending_transaction_id: p2.transaction_id }));
    expect(await syncTransactions(db, fresh.account.id)).toMatchObject({ purchases: 1, refunds: 0 });
    expect(await rewardsOf(fresh.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 210n })]);
  });

  it("a pending reward posted later under a new id (linked) is not rewarded again, and its removal is not refunded", async () => {
    const m = await linkedMember([aurora.programId]);
    const pending = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 30, pending: true }));
    await syncTransactions(db, m.account.id);
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 300n })]);

    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 30, pending_transaction_id: pending.transaction_id }));
    plaid.remove(m.item.itemId, pending);
    const stats = await syncTransactions(db, m.account.id);
    expect(stats).toMatchObject({ purchases: 0, reused: 1, refunds: 0 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 300n })]);
    expect(await purchasesOf(m.member.id)).toHaveLength(1);
  });

  it("pending → posted without pending_transaction_id: matched by account, amount and merchant, one reward", async () => {
    const m = await linkedMember([aurora.programId]);
    const pending = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 15.2, pending: true, date: daysAgo(2) }));
    await syncTransactions(db, m.account.id);
    plaid.remove(m.item.itemId, pending);
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 15.2, date: today() })); // no pending_transaction_id
    const stats = await syncTransactions(db, m.account.id);
    expect(stats).toMatchObject({ purchases: 0, reused: 1, refunds: 0 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 152n })]);

    // A second, genuinely new coffee of the same price is a new purchase.
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 15.2 }));
    expect((await syncTransactions(db, m.account.id)).purchases).toBe(1);
    expect(await rewardsOf(m.member.id)).toHaveLength(2);
  });

  it("a removed transaction (not replaced) reverses its pending reward", async () => {
    const m = await linkedMember([aurora.programId]);
    const pending = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 25, pending: true }));
    await syncTransactions(db, m.account.id);
    plaid.remove(m.item.itemId, pending); // the authorisation was voided
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ removed: 1, refunds: 1 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "REVERSED", amountMinor: 0n })]);
    const row = await db.bankTransaction.findUniqueOrThrow({ where: { plaidTransactionId: pending.transaction_id } });
    expect(row.removedAt).not.toBeNull();
  });

  it("modified: a lower amount shrinks the reward; a merchant name that now matches earns", async () => {
    const m = await linkedMember([aurora.programId]);
    const coffee = plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 40 }));
    const unknown = plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { amount: 10, merchant_name: null, name: "POS 4411" }));
    await syncTransactions(db, m.account.id);
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ amountMinor: 400n })]);

    plaid.modify(m.item.itemId, { ...coffee, amount: 30 });
    plaid.modify(m.item.itemId, { ...unknown, merchant_name: "CAFE AURORA" });
    const stats = await syncTransactions(db, m.account.id);
    expect(stats).toMatchObject({ modified: 2, purchases: 1 });
    const rewards = await rewardsOf(m.member.id);
    expect(rewards.map((r) => r.amountMinor)).toEqual([300n, 100n]);
    expect(await db.bankTransaction.findUniqueOrThrow({ where: { plaidTransactionId: coffee.transaction_id } })).toMatchObject({ amountMinor: 3000n });
  });

  it("stores the cursor only with its page: a failure mid-sync resumes from the last applied page without double rewards", async () => {
    const m = await linkedMember([aurora.programId]);
    for (const amount of [1, 2, 3, 4, 5]) plaid.add(m.item.itemId, cafe(m.item.itemId, { amount }));
    plaid.state.pageSize = 2;
    plaid.state.failAtCursor = "4";
    await expect(syncTransactions(db, m.account.id)).rejects.toThrow();
    expect((await db.linkedAccount.findUniqueOrThrow({ where: { id: m.account.id } })).syncCursor).toBe("4");
    expect(await rewardsOf(m.member.id)).toHaveLength(4);

    plaid.state.failAtCursor = null;
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ pages: 1, purchases: 1 });
    expect(await rewardsOf(m.member.id)).toHaveLength(5);
    expect((await db.linkedAccount.findUniqueOrThrow({ where: { id: m.account.id } })).syncCursor).toBe("5");

    // Replaying every page from the start (a lost cursor) rewards nothing twice.
    await db.linkedAccount.update({ where: { id: m.account.id }, data: { syncCursor: null } });
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ pages: 3, purchases: 0 });
    expect(await rewardsOf(m.member.id)).toHaveLength(5);
  });

  it("two syncs of one item at once apply each page once", async () => {
    const m = await linkedMember([aurora.programId]);
    for (const amount of [6, 7, 8]) plaid.add(m.item.itemId, cafe(m.item.itemId, { amount }));
    const results = await Promise.all([syncTransactions(db, m.account.id), syncTransactions(db, m.account.id)]);
    expect(results.map((r) => r.purchases).sort()).toEqual([0, 3]);
    expect(await rewardsOf(m.member.id)).toHaveLength(3);
  });
});

describe("merchant rules", () => {
  it("match names exactly or by prefix (case and accents ignored), entity ids exactly, and only programs the user belongs to", async () => {
    const both = await linkedMember([aurora.programId, bloom.programId]);
    const [auroraMember, bloomMember] = both.members;
    const id = both.item.itemId;
    plaid.add(id, plaid.txn(id, { amount: 11, merchant_name: "CAFÉ AURORA - STATION" })); // prefix → Aurora
    plaid.add(id, plaid.txn(id, { amount: 12, merchant_name: "bloom books" })); // exact → Bloom
    plaid.add(id, plaid.txn(id, { amount: 13, merchant_name: "Bloom Books Outlet" })); // not exact → nobody
    plaid.add(id, plaid.txn(id, { amount: 14, merchant_name: "Some Kiosk", merchant_entity_id: "ent_bloom_1" })); // entity → Bloom
    plaid.add(id, plaid.txn(id, { amount: 15, merchant_name: "Cafe Auror" })); // shorter than the prefix → nobody
    await syncTransactions(db, both.account.id);
    expect((await purchasesOf(auroraMember?.id ?? "")).map((p) => p.amountMinor)).toEqual([1100n]);
    expect((await purchasesOf(bloomMember?.id ?? "")).map((p) => p.amountMinor).sort()).toEqual([1200n, 1400n]);

    // A user who is a member of Aurora only earns nothing at Bloom, and nothing once their membership is not ACTIVE.
    const onlyAurora = await linkedMember([aurora.programId]);
    plaid.add(onlyAurora.item.itemId, plaid.txn(onlyAurora.item.itemId, { amount: 16, merchant_name: "Bloom Books" }));
    await syncTransactions(db, onlyAurora.account.id);
    expect(await db.purchase.count({ where: { programId: bloom.programId, amountMinor: 1600n } })).toBe(0);
    await db.member.update({ where: { id: onlyAurora.member.id }, data: { status: "SUSPENDED" } });
    plaid.add(onlyAurora.item.itemId, cafe(onlyAurora.item.itemId, { amount: 17 }));
    await syncTransactions(db, onlyAurora.account.id);
    expect(await purchasesOf(onlyAurora.member.id)).toHaveLength(0);
  });
});

describe("the periodic job", () => {
  it("syncs every active item and marks an item whose login expired", async () => {
    const m = await linkedMember([aurora.programId]);
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 3 }));
    const broken = await linkedMember([aurora.programId]);
    plaid.item(broken.item.itemId).removed = true; // Plaid answers INVALID_ACCESS_TOKEN for it
    const result = await syncAllLinkedAccounts(db);
    expect(result.synced).toBeGreaterThanOrEqual(1);
    expect(result.failed).toBeGreaterThanOrEqual(1);
    expect(await rewardsOf(m.member.id)).toHaveLength(1);
  });
});

describe("POST /api/webhooks/plaid", () => {
  const post = (body: string, header?: string) =>
    POST(new NextRequest("http://localhost/api/webhooks/plaid", { method: "POST", body, headers: header ? { "plaid-verification": header } : {} }), { params: Promise.resolve({}) });

  beforeEach(() => clearWebhookKeyCache());

  it("SYNC_UPDATES_AVAILABLE with a valid signature syncs the item: the purchase earns", async () => {
    const m = await linkedMember([aurora.programId]);
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 8 }));
    const body = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: m.item.itemId, environment: "sandbox" }, null, 2);
    const response = await post(body, await plaid.sign(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, handled: true });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ amountMinor: 80n })]);
  });

  it("401 problem+json for a missing or bad signature, and nothing is synced", async () => {
    const m = await linkedMember([aurora.programId]);
    plaid.add(m.item.itemId, cafe(m.item.itemId, { amount: 9 }));
    const body = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: m.item.itemId });
    for (const header of [undefined, await plaid.sign("{}"), await plaid.sign(body, { iat: Math.floor(Date.now() / 1000) - 600 })]) {
      const response = await post(body, header);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expect(await rewardsOf(m.member.id)).toHaveLength(0);
  });

  it("ITEM ERROR with ITEM_LOGIN_REQUIRED marks the account; other item errors do not", async () => {
    const m = await linkedMember([aurora.programId]);
    const other = JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: m.item.itemId, error: { error_code: "INSTITUTION_DOWN" } });
    expect((await post(other, await plaid.sign(other))).status).toBe(200);
    expect((await db.linkedAccount.findUniqueOrThrow({ where: { id: m.account.id } })).status).toBe("ACTIVE");
    const login = JSON.stringify({ webhook_type: "ITEM", webhook_code: "ERROR", item_id: m.item.itemId, error: { error_code: "ITEM_LOGIN_REQUIRED" } });
    expect((await post(login, await plaid.sign(login))).status).toBe(200);
    expect((await db.linkedAccount.findUniqueOrThrow({ where: { id: m.account.id } })).status).toBe("LOGIN_REQUIRED");
  });

  it("200 for verified events it does not handle and for unknown items; 400 for a verified non-JSON body", async () => {
    const other = JSON.stringify({ webhook_type: "HOLDINGS", webhook_code: "DEFAULT_UPDATE", item_id: "item-x" });
    const r1 = await post(other, await plaid.sign(other));
    expect(r1.status).toBe(200);
    expect(await r1.json()).toMatchObject({ handled: false });
    const unknown = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "item-nobody" });
    expect((await post(unknown, await plaid.sign(unknown))).status).toBe(200);
    const garbage = "not json";
    expect((await post(garbage, await plaid.sign(garbage))).status).toBe(400);
  });
});
