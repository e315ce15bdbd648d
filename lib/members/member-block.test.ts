import { createHmac, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import sharp from "sharp";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as eventsPOST } from "@/app/api/v1/programs/[programId]/events/route";
import { POST as shopifyPOST } from "@/app/api/v1/programs/[programId]/shopify/route";
import { POST as wooPOST } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { linkAccount } from "@/lib/banking/link-account";
import { syncTransactions } from "@/lib/banking/sync-transactions";
import { db } from "@/lib/db/client";
import { balancesOf } from "@/lib/ledger";
import { claimPurchases } from "@/lib/purchases/claim-purchases";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { registerPurchase } from "@/lib/purchases/register-purchase";
import { submitReceipt } from "@/lib/receipts/submit-receipt";
import { fakePlaid, PLAID_TEST_URL } from "@/tests/support/plaid";
import { aMember, aShop, uniqueId } from "@/tests/support/programs";
import { refusal } from "@/tests/support/refusal";
import { setMemberEarningBlock } from "./block-member";

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;
const plaid = fakePlaid();

beforeAll(async () => {
  process.env.UPLOAD_DIR = await mkdtemp(path.join(tmpdir(), "boomerang-block-"));
  plaid.server.listen({ onUnhandledRequest: "error" });
});
afterAll(() => plaid.server.close());

const hmac = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function signedEvent(programId: string, secret: string, email: string) {
  const payload = JSON.stringify({ type: "order.paid", data: { orderId: `order-${uniqueId()}`, amount: 4210, currency: "EUR", customer: { email } } });
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = new Headers({ "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign(id, at, payload), "x-forwarded-for": "192.0.2.61" });
  const res = await eventsPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/events`, { method: "POST", body: payload, headers }), { params: Promise.resolve({ programId }) });
  return res.status;
}

async function shopify(programId: string, secret: string, email: string) {
  const body = JSON.stringify({ id: Number(String(Date.now()).slice(-9)), email, currency: "EUR", total_price: "42.10", financial_status: "paid", line_items: [] });
  const headers = new Headers({ "content-type": "application/json", "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": randomUUID(), "x-shopify-hmac-sha256": hmac(body, secret), "x-forwarded-for": "192.0.2.62" });
  const res = await shopifyPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/shopify`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return res.status;
}

async function woo(programId: string, secret: string, email: string) {
  const body = JSON.stringify({ id: Math.floor(Math.random() * 1e9), status: "processing", currency: "EUR", total: "42.10", billing: { email } });
  const headers = new Headers({ "content-type": "application/json", "x-wc-webhook-topic": "order.updated", "x-wc-webhook-delivery-id": randomUUID(), "x-wc-webhook-signature": hmac(body, secret), "x-forwarded-for": "192.0.2.63" });
  const res = await wooPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/woocommerce`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return res.status;
}

async function png(): Promise<Blob> {
  const buffer = await sharp({ create: { width: 40, height: 60, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
  return new Blob([new Uint8Array(buffer)], { type: "image/png" });
}

const OWNER = { type: "USER" as const, id: randomUUID() };

/** Everything the member holds in the program, in every state. */
async function memberBalance(memberId: string) {
  const b = await balancesOf(db, { ownerType: "MEMBER", ownerId: memberId });
  return [...b.values()].reduce((s, v) => s + v, 0n);
}

/** A shop (0-day hold, 5 %) with a member who earned €2.10 before the owner blocked them. */
async function blockedMember() {
  const shop = await aShop({ cashbackBps: 500, holdDays: 0 });
  const member = await aMember(shop.programId);
  expect(await signedEvent(shop.programId, shop.secret, member.email)).toBe(202);
  const before = await memberBalance(member.memberId);
  expect(before).toBe(210n);
  await setMemberEarningBlock(db, { providerId: shop.providerId, memberId: member.memberId, blocked: true, reason: "Receipt fraud", actor: OWNER });
  return { shop, member, before };
}

/** Every reward after the first (earned before the block) is rejected at zero, saying why; the balance did not move. */
async function expectNothingEarned(member: { memberId: string }, before: bigint, sources: string[]) {
  const rewards = await db.reward.findMany({
    where: { memberId: member.memberId },
    orderBy: { createdAt: "asc" },
    select: { status: true, amountMinor: true, explanation: true, purchase: { select: { source: true } }, events: { select: { toStatus: true, reason: true }, orderBy: { id: "asc" } } },
  });
  const afterBlock = rewards.slice(1);
  expect(afterBlock.map((r) => r.purchase.source).sort()).toEqual([...sources].sort());
  for (const r of afterBlock) {
    expect(r).toMatchObject({ status: "REJECTED", amountMinor: 0n, explanation: "No cashback: earning blocked by the business" });
    expect(r.events.at(-1)).toEqual({ toStatus: "REJECTED", reason: "earning blocked by the business" });
  }
  expect(await memberBalance(member.memberId)).toBe(before);
}

describe("a member the business blocked earns nothing, from any source", () => {
  it("signed order events, Shopify and WooCommerce orders are accepted and earn nothing; the block is audit-logged", async () => {
    const { shop, member, before } = await blockedMember();
    expect(await signedEvent(shop.programId, shop.secret, member.email)).toBe(202);
    expect(await shopify(shop.programId, shop.shopifySecret, member.email)).toBe(202);
    expect(await woo(shop.programId, shop.wooSecret, member.email)).toBe(202);
    await expectNothingEarned(member, before, ["WEBHOOK", "WEBHOOK", "WEBHOOK"]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "member.block", targetId: member.memberId } });
    expect(audit).toMatchObject({ providerId: shop.providerId, programId: shop.programId, actorId: OWNER.id, reason: "Receipt fraud" });
  });

  it("a register sale says so to the cashier, and a receipt earns nothing", async () => {
    const { shop, member, before } = await blockedMember();
    const owner = await db.staffMember.findFirstOrThrow({ where: { providerId: shop.providerId }, select: { userId: true } });
    const sale = await registerPurchase(db, { providerId: shop.providerId, cashierUserId: owner.userId, memberCode: member.code, amountMinor: 2_000n });
    expect(sale).toMatchObject({ status: "REJECTED", amountMinor: 0n, explanation: "No cashback: earning blocked by the business" });
    await submitReceipt(db, { userId: member.userId, programId: shop.programId, amount: "12.00", purchasedOn: new Date().toISOString().slice(0, 10), image: await png() });
    await expectNothingEarned(member, before, ["REGISTER", "RECEIPT"]);
  });

  it("a linked card's payment and a purchase claimed for the member earn nothing", async () => {
    const { shop, member, before } = await blockedMember();
    await db.merchantMatchRule.create({ data: { programId: shop.programId, kind: "NAME", pattern: "Blocked Bistro" } });
    const item = plaid.newItem();
    const account = await linkAccount(db, { userId: member.userId, publicToken: item.publicToken });
    plaid.add(item.itemId, plaid.txn(item.itemId, { merchant_name: "Blocked Bistro", amount: 18.4, date: new Date().toISOString().slice(0, 10) }));
    await syncTransactions(db, account.id);
    // A purchase recorded for an e-mail before it was this member's, claimed now.
    const orphanEmail = `orphan-${uniqueId()}@example.com`;
    await recordPurchase(db, { programId: shop.programId, source: "WEBHOOK", orderId: `o-${uniqueId()}`, origin: {}, amountMinor: 3_000n, currency: "EUR", customer: { email: orphanEmail }, actor: { type: "SYSTEM" } });
    await db.$transaction((tx) => claimPurchases(tx, { programId: shop.programId, member: { id: member.memberId, segment: null, tier: null }, email: orphanEmail, actor: { type: "SYSTEM" } }));
    await expectNothingEarned(member, before, ["LINKED_ACCOUNT", "WEBHOOK"]);
  });

  it("needs a reason, repeats harmlessly, refuses another business's member, and unblocking lets the next purchase earn", async () => {
    const shop = await aShop({ cashbackBps: 500, holdDays: 0 });
    const other = await aShop();
    const member = await aMember(shop.programId);
    const noReason = await refusal(setMemberEarningBlock(db, { providerId: shop.providerId, memberId: member.memberId, blocked: true, reason: " ", actor: OWNER }));
    expect([noReason.code, noReason.field]).toEqual(["VALIDATION", "reason"]);
    const foreign = await refusal(setMemberEarningBlock(db, { providerId: other.providerId, memberId: member.memberId, blocked: true, reason: "not mine", actor: OWNER }));
    expect(foreign.code).toBe("NOT_FOUND");
    expect((await db.member.findUniqueOrThrow({ where: { id: member.memberId } })).earningBlockedAt).toBeNull();

    await setMemberEarningBlock(db, { providerId: shop.providerId, memberId: member.memberId, blocked: true, reason: "Abuse", actor: OWNER });
    expect(await setMemberEarningBlock(db, { providerId: shop.providerId, memberId: member.memberId, blocked: true, reason: "Again", actor: OWNER })).toMatchObject({ blocked: true, reason: "Abuse" });
    await setMemberEarningBlock(db, { providerId: shop.providerId, memberId: member.memberId, blocked: false, reason: "Cleared up", actor: OWNER });
    expect(await signedEvent(shop.programId, shop.secret, member.email)).toBe(202);
    expect(await db.reward.findFirstOrThrow({ where: { memberId: member.memberId } })).toMatchObject({ status: "AVAILABLE", amountMinor: 210n });
    const actions = await db.auditLog.findMany({ where: { targetId: member.memberId }, orderBy: { id: "asc" }, select: { action: true, reason: true } });
    expect(actions).toEqual([
      { action: "member.block", reason: "Abuse" },
      { action: "member.unblock", reason: "Cleared up" },
    ]);
  });
});
