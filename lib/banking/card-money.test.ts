import { createHmac, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as shopifyPOST } from "@/app/api/v1/programs/[programId]/shopify/route";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { registerPurchase } from "@/lib/purchases/register-purchase";
import { reconcile } from "@/lib/ledger/reconcile";
import { fakePlaid, PLAID_TEST_URL, type FakeTxn } from "@/tests/support/plaid";
import { aShop } from "@/tests/support/programs";
import { createUser } from "@/lib/users/create-user";
import { linkAccount } from "./link-account";
import { listTrackedPurchases } from "./list-tracked-purchases";
import { syncTransactions } from "./sync-transactions";
import { unlinkAccount } from "./unlink-account";

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;

const plaid = fakePlaid();
beforeAll(() => plaid.server.listen({ onUnhandledRequest: "error" }));
afterAll(() => plaid.server.close());

const short = () => randomUUID().slice(0, 8);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** A shop (Shopify secret set) whose merchant in bank statements is `merchant`, paying `bps` cashback. */
async function shopAt(merchant: string, opts: { bps: number; currency: "EUR" | "USD" }) {
  const shop = await aShop({ cashbackBps: opts.bps, currency: opts.currency, holdDays: 14 });
  await db.merchantMatchRule.create({ data: { programId: shop.programId, kind: "NAME", pattern: merchant } });
  return shop;
}

async function linkedMember(programId: string) {
  const email = `card-${short()}@example.com`;
  const user = await createUser(db, { email, password: "correct horse battery staple" });
  const member = await joinProgram(db, { userId: user.id, programId });
  const item = plaid.newItem();
  const account = await linkAccount(db, { userId: user.id, publicToken: item.publicToken });
  return { user, email, member, item, account };
}

const rewardsOf = (memberId: string) =>
  db.reward.findMany({ where: { memberId }, select: { status: true, amountMinor: true, reversalDueMinor: true, purchase: { select: { source: true } } }, orderBy: { createdAt: "asc" } });
/** What the member keeps: each reward's amount less what is due to be reversed. */
const keptBy = async (memberId: string) => (await rewardsOf(memberId)).reduce((sum, r) => sum + r.amountMinor - r.reversalDueMinor, 0n);

async function expectReconciled() {
  const result = await reconcile(db);
  expect(result.ok, JSON.stringify(result.discrepancies)).toBe(true);
}

async function shopifyOrderPaid(shop: { programId: string; shopifySecret: string }, order: { id: string; email: string; total: string; currency: string }) {
  const body = JSON.stringify({ id: order.id, email: order.email, currency: order.currency, total_price: order.total, processed_at: new Date().toISOString(), customer: { id: null, email: order.email } });
  const headers = new Headers({
    "content-type": "application/json",
    "x-shopify-topic": "orders/paid",
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-hmac-sha256": createHmac("sha256", shop.shopifySecret).update(body, "utf8").digest("base64"),
    "x-forwarded-for": "192.0.2.10",
  });
  const res = await shopifyPOST(new NextRequest(`http://localhost/api/v1/programs/${shop.programId}/shopify`, { method: "POST", body, headers }), {
    params: Promise.resolve({ programId: shop.programId }),
  });
  expect(res.status).toBe(202);
}

describe("card refunds (money in at the merchant)", () => {
  it("a card refund takes back the cashback of the purchase it refunds: a €600 TV at 5 % earns €30, its −€600 refund leaves €0, and only once", async () => {
    const shop = await shopAt("Electro World", { bps: 500, currency: "EUR" });
    const m = await linkedMember(shop.programId);
    const tv = (t: Partial<FakeTxn> & { amount: number }) => plaid.txn(m.item.itemId, { merchant_name: "Electro World", ...t });
    plaid.add(m.item.itemId, tv({ amount: 600, date: daysAgo(10) }));
    await syncTransactions(db, m.account.id);
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 3000n })]);

    // The TV goes back: the bank shows the refund as money in, under a new transaction id.
    plaid.add(m.item.itemId, tv({ amount: -600 }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1, purchases: 0 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "REVERSED", amountMinor: 0n })]);

    // Buying and returning again is one more purchase and one more refund, never cashback kept.
    plaid.add(m.item.itemId, tv({ amount: 600 }));
    plaid.add(m.item.itemId, tv({ amount: -600 }));
    plaid.add(m.item.itemId, tv({ amount: -600 })); // a second refund of the same TV has no purchase left to refund
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 1, refunds: 1 });
    expect(await keptBy(m.member.id)).toBe(0n);

    // A replay of every page (a lost cursor) refunds nothing twice.
    await db.linkedAccount.update({ where: { id: m.account.id }, data: { syncCursor: null } });
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 0, refunds: 0 });
    await expectReconciled();
  });

  it("a partial card refund keeps the cashback of what was kept; a pending credit waits until it posts", async () => {
    const shop = await shopAt("Electro World", { bps: 500, currency: "EUR" });
    const m = await linkedMember(shop.programId);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Electro World", amount: 600, date: daysAgo(3) }));
    await syncTransactions(db, m.account.id);
    const pendingCredit = plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Electro World", amount: -200, pending: true }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 0 });
    plaid.remove(m.item.itemId, pendingCredit);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Electro World", amount: -200, pending_transaction_id: pendingCredit.transaction_id }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 2000n })]);
  });
});

describe("card rewards follow the posted amount", () => {
  it("a $150 fuel pre-authorisation that posts at $42 earns $2.10 at 5 %, not $7.50", async () => {
    const shop = await shopAt("Fuel Stop", { bps: 500, currency: "USD" });
    const m = await linkedMember(shop.programId);
    const fuel = (t: Partial<FakeTxn> & { amount: number }) => plaid.txn(m.item.itemId, { merchant_name: "Fuel Stop", iso_currency_code: "USD", ...t });
    const auth = plaid.add(m.item.itemId, fuel({ amount: 150, pending: true }));
    await syncTransactions(db, m.account.id);
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ amountMinor: 750n })]);

    plaid.remove(m.item.itemId, auth);
    plaid.add(m.item.itemId, fuel({ amount: 42, pending_transaction_id: auth.transaction_id }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ reused: 1, purchases: 0 });
    expect(await rewardsOf(m.member.id)).toEqual([expect.objectContaining({ status: "PENDING", amountMinor: 210n })]);
    await expectReconciled();
  });

  it("a payment that posts above its authorisation (a tip) earns on what posted: $50 authorised, $60 posted at 5 % earns $3.00", async () => {
    const shop = await shopAt("Bistro Nine", { bps: 500, currency: "USD" });
    const m = await linkedMember(shop.programId);
    const meal = (t: Partial<FakeTxn> & { amount: number }) => plaid.txn(m.item.itemId, { merchant_name: "Bistro Nine", iso_currency_code: "USD", ...t });
    const auth = plaid.add(m.item.itemId, meal({ amount: 50, pending: true }));
    await syncTransactions(db, m.account.id);
    plaid.remove(m.item.itemId, auth);
    plaid.add(m.item.itemId, meal({ amount: 60, pending_transaction_id: auth.transaction_id }));
    await syncTransactions(db, m.account.id);
    expect(await keptBy(m.member.id)).toBe(300n);
    expect((await rewardsOf(m.member.id)).map((r) => r.status)).toEqual(["REVERSED", "PENDING"]);
    await expectReconciled();
  });

  it("an authorisation that never posts is cancelled when the member unlinks the account; what posted keeps its reward", async () => {
    const shop = await shopAt("Hotel Lumen", { bps: 500, currency: "EUR" });
    const m = await linkedMember(shop.programId);
    const stay = (t: Partial<FakeTxn> & { amount: number }) => plaid.txn(m.item.itemId, { merchant_name: "Hotel Lumen", ...t });
    plaid.add(m.item.itemId, stay({ amount: 300, pending: true })); // a deposit hold
    plaid.add(m.item.itemId, stay({ amount: 80 })); // a posted payment
    await syncTransactions(db, m.account.id);
    expect((await rewardsOf(m.member.id)).map((r) => r.amountMinor).sort()).toEqual([1500n, 400n]);

    await unlinkAccount(db, { userId: m.user.id, linkedAccountId: m.account.id });
    const rewards = await rewardsOf(m.member.id);
    expect(rewards.map((r) => [r.status, r.amountMinor])).toEqual(
      expect.arrayContaining([
        ["REVERSED", 0n],
        ["PENDING", 400n],
      ]),
    );
    await expectReconciled();
  });
});

describe("one purchase, one reward across sources", () => {
  it("a Shopify order paid with a linked card earns once: by webhook, whether the card payment syncs before or after it", async () => {
    const shop = await shopAt("Aurora Store", { bps: 1000, currency: "EUR" });

    // Webhook first, then the card payment: the card earns nothing of its own.
    const a = await linkedMember(shop.programId);
    await shopifyOrderPaid(shop, { id: `${Date.now()}1`, email: a.email, total: "80.00", currency: "EUR" });
    plaid.add(a.item.itemId, plaid.txn(a.item.itemId, { merchant_name: "Aurora Store", amount: 80 }));
    expect(await syncTransactions(db, a.account.id)).toMatchObject({ purchases: 0, matched: 1 });
    expect((await rewardsOf(a.member.id)).map((r) => [r.purchase.source, r.status, r.amountMinor])).toEqual([["WEBHOOK", "PENDING", 800n]]);

    // Card payment first, then the webhook: the card's reward is reversed, the order's stands.
    const b = await linkedMember(shop.programId);
    plaid.add(b.item.itemId, plaid.txn(b.item.itemId, { merchant_name: "Aurora Store", amount: 80 }));
    expect(await syncTransactions(db, b.account.id)).toMatchObject({ purchases: 1 });
    await shopifyOrderPaid(shop, { id: `${Date.now()}2`, email: b.email, total: "80.00", currency: "EUR" });
    expect((await rewardsOf(b.member.id)).map((r) => [r.purchase.source, r.status, r.amountMinor])).toEqual([
      ["LINKED_ACCOUNT", "REVERSED", 0n],
      ["WEBHOOK", "PENDING", 800n],
    ]);
    expect(await keptBy(b.member.id)).toBe(800n);
    // The member's card activity shows the order's cashback for the card payment, not the reversed one.
    expect((await listTrackedPurchases(b.user.id)).map((t) => t.reward)).toEqual([{ status: "PENDING", amountMinor: 800n, currency: "EUR" }]);
    expect((await listTrackedPurchases(a.user.id)).map((t) => t.reward)).toEqual([{ status: "PENDING", amountMinor: 800n, currency: "EUR" }]);
    await expectReconciled();
  });

  it("a shop order's card payment that posts after its authorisation still earns nothing of its own, with or without pending_transaction_id", async () => {
    const shop = await shopAt("Aurora Store", { bps: 1000, currency: "EUR" });
    for (const linked of [true, false]) {
      const m = await linkedMember(shop.programId);
      await shopifyOrderPaid(shop, { id: `${Date.now()}${linked ? 3 : 4}`, email: m.email, total: "64.00", currency: "EUR" });
      const auth = plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: 64, pending: true }));
      expect(await syncTransactions(db, m.account.id)).toMatchObject({ matched: 1, purchases: 0 });
      plaid.remove(m.item.itemId, auth);
      plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: 64, pending_transaction_id: linked ? auth.transaction_id : null }));
      expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 0 });
      expect((await rewardsOf(m.member.id)).map((r) => [r.purchase.source, r.amountMinor])).toEqual([["WEBHOOK", 640n]]);
    }
  });

  it("a till sale paid with a linked card earns once, by the register; a card refund of it refunds the sale", async () => {
    const shop = await shopAt("Aurora Store", { bps: 1000, currency: "EUR" });
    const m = await linkedMember(shop.programId);
    const ownerId = (await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId }, select: { userId: true } })).userId;
    const code = (await db.member.findUniqueOrThrow({ where: { id: m.member.id }, select: { code: true } })).code;
    await registerPurchase(db, { providerId: shop.providerId, cashierUserId: ownerId, memberCode: code, amountMinor: 4500n });
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: 45 }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 0, matched: 1 });
    expect((await rewardsOf(m.member.id)).map((r) => [r.purchase.source, r.amountMinor])).toEqual([["REGISTER", 450n]]);

    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: -45 }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect(await keptBy(m.member.id)).toBe(0n);
    await expectReconciled();
  });

  it("a card payment synced before its till sale: the sale takes over the reward, and a card refund refunds the sale", async () => {
    const shop = await shopAt("Aurora Store", { bps: 1000, currency: "EUR" });
    const m = await linkedMember(shop.programId);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: 45 }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 1 });
    const ownerId = (await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId }, select: { userId: true } })).userId;
    const code = (await db.member.findUniqueOrThrow({ where: { id: m.member.id }, select: { code: true } })).code;
    await registerPurchase(db, { providerId: shop.providerId, cashierUserId: ownerId, memberCode: code, amountMinor: 4500n });
    expect(await keptBy(m.member.id)).toBe(450n);

    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Aurora Store", amount: -15 }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect((await rewardsOf(m.member.id)).map((r) => [r.purchase.source, r.status, r.amountMinor])).toEqual([
      ["LINKED_ACCOUNT", "REVERSED", 0n],
      ["REGISTER", "PENDING", 300n],
    ]);
    await expectReconciled();
  });
});

// docs/money-rules.md, "Points": one rule per currency unit, a linked card included.
describe("points programs earn on linked cards, once per purchase", () => {
  async function pointsShopAt(merchant: string) {
    const shop = await shopAt(merchant, { bps: 100, currency: "EUR" });
    await db.program.update({ where: { id: shop.programId }, data: { currency: "PTS" } });
    return shop;
  }
  async function ringUp(shop: { providerId: string }, memberId: string, wholeUnits: bigint) {
    const ownerId = (await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId }, select: { userId: true } })).userId;
    const code = (await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { code: true } })).code;
    await registerPurchase(db, { providerId: shop.providerId, cashierUserId: ownerId, memberCode: code, amountMinor: wholeUnits });
  }
  const earned = async (memberId: string) => (await db.reward.findMany({ where: { memberId }, select: { amountMinor: true, currency: true, status: true, purchase: { select: { source: true, currency: true, amountMinor: true } } }, orderBy: { createdAt: "asc" } })).map((r) => [r.purchase.source, r.purchase.amountMinor, r.purchase.currency, r.status, r.amountMinor, r.currency]);

  it("a €42.10 card payment at a points program at 100 bps earns 42 pts (recorded as 4210 EUR cents); its −€42.10 refund takes them back", async () => {
    const shop = await pointsShopAt("Pine Bakery");
    const m = await linkedMember(shop.programId);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: 42.1, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 1 });
    expect(await earned(m.member.id)).toEqual([["LINKED_ACCOUNT", 4210n, "EUR", "PENDING", 42n, "PTS"]]);
    // The member's card page shows the payment in euros and its reward in points.
    expect(await listTrackedPurchases(m.user.id)).toMatchObject([{ amountMinor: 4210n, currency: "EUR", reward: { amountMinor: 42n, currency: "PTS" } }]);

    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: -42.1, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect(await keptBy(m.member.id)).toBe(0n);
    await expectReconciled();
  });

  it("the same €42.10 rung at the till as 42 earns once: till first, the card payment is matched and earns nothing", async () => {
    const shop = await pointsShopAt("Pine Bakery");
    const m = await linkedMember(shop.programId);
    await ringUp(shop, m.member.id, 42n);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: 42.1, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 0, matched: 1 });
    expect(await earned(m.member.id)).toEqual([["REGISTER", 42n, "PTS", "PENDING", 42n, "PTS"]]);

    // Half the bakery order goes back to the card: half the till sale is refunded (21 of 42), 21 pts stay.
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: -21.05, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect(await keptBy(m.member.id)).toBe(21n);
    await expectReconciled();
  });

  it("the card payment synced before the till's 42: the till sale takes over, 42 pts in all; a whole refund of the card payment leaves 0", async () => {
    const shop = await pointsShopAt("Pine Bakery");
    const m = await linkedMember(shop.programId);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: 42.1, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 1 });
    await ringUp(shop, m.member.id, 42n);
    expect(await keptBy(m.member.id)).toBe(42n);
    expect((await earned(m.member.id)).map(([source, , , status]) => [source, status])).toEqual([
      ["LINKED_ACCOUNT", "REVERSED"],
      ["REGISTER", "PENDING"],
    ]);

    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: -42.1, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ refunds: 1 });
    expect(await keptBy(m.member.id)).toBe(0n);
    await expectReconciled();
  });

  it("a till sale matches a card payment less than one whole unit away only: 42 at the till and €43.00 on the card are two purchases (42 + 43 pts)", async () => {
    const shop = await pointsShopAt("Pine Bakery");
    const m = await linkedMember(shop.programId);
    await ringUp(shop, m.member.id, 42n);
    plaid.add(m.item.itemId, plaid.txn(m.item.itemId, { merchant_name: "Pine Bakery", amount: 43, iso_currency_code: "EUR" }));
    expect(await syncTransactions(db, m.account.id)).toMatchObject({ purchases: 1, matched: 0 });
    expect(await keptBy(m.member.id)).toBe(85n);
    await expectReconciled();
  });
});
