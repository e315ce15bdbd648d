import { createHmac, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as eventsPOST } from "@/app/api/v1/programs/[programId]/events/route";
import { POST as shopifyPOST } from "@/app/api/v1/programs/[programId]/shopify/route";
import { POST as wooPOST } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { db } from "@/lib/db/client";
import { addStaff } from "@/lib/providers/add-staff";
import { registerPurchase } from "@/lib/purchases/register-purchase";
import { submitReceipt } from "@/lib/receipts/submit-receipt";
import { spendAtRegister } from "@/lib/redemptions/spend-at-register";
import { createVoucher } from "@/lib/redemptions/vouchers";
import { createUser } from "@/lib/users/create-user";
import { aMember, aShop, moneyState, uniqueId } from "@/tests/support/programs";
import { aFundedMember, aSpendingProgram, call } from "@/tests/support/redemption-api";
import { refusal } from "@/tests/support/refusal";
import { LIMITS, setup } from "@/tests/support/withdrawals";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";
import { approveProvider } from "./approve-provider";
import { createProvider } from "./create-provider";
import { reinstateProvider } from "./reinstate-provider";
import { suspendProvider } from "./suspend-provider";

const ADMIN = { type: "USER" as const, id: randomUUID() };

async function signedEvent(programId: string, secret: string, body: unknown) {
  const payload = JSON.stringify(body);
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const headers = new Headers({
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, payload),
    "x-forwarded-for": "192.0.2.51",
  });
  const res = await eventsPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/events`, { method: "POST", body: payload, headers }), { params: Promise.resolve({ programId }) });
  return { status: res.status, type: res.headers.get("content-type"), json: (await res.json()) as Record<string, unknown> };
}

const hmac = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function shopify(programId: string, secret: string, email: string) {
  const body = JSON.stringify({ id: Number(String(Date.now()).slice(-9)), email, currency: "EUR", total_price: "42.10", financial_status: "paid", line_items: [] });
  const headers = new Headers({ "content-type": "application/json", "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": randomUUID(), "x-shopify-hmac-sha256": hmac(body, secret), "x-forwarded-for": "192.0.2.52" });
  const res = await shopifyPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/shopify`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function woo(programId: string, secret: string, email: string) {
  const body = JSON.stringify({ id: Math.floor(Math.random() * 1e9), status: "processing", currency: "EUR", total: "42.10", billing: { email } });
  const headers = new Headers({
    "content-type": "application/json",
    "x-wc-webhook-topic": "order.updated",
    "x-wc-webhook-delivery-id": randomUUID(),
    "x-wc-webhook-signature": hmac(body, secret),
    "x-forwarded-for": "192.0.2.53",
  });
  const res = await wooPOST(new NextRequest(`http://localhost/api/v1/programs/${programId}/woocommerce`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const paid = (email: string) => ({ type: "order.paid", data: { orderId: `order-${uniqueId()}`, amount: 4210, currency: "EUR", customer: { email } } });

beforeAll(async () => {
  process.env.UPLOAD_DIR = await mkdtemp(path.join(tmpdir(), "boomerang-suspension-"));
});

afterEach(() => {
  delete process.env.PROVIDER_APPROVAL;
});

describe("a suspended business's earning and spending endpoints answer 403 program_suspended and record nothing", () => {
  it("signed order events, Shopify and WooCommerce deliveries are refused; reinstating lets the next event through", async () => {
    const shop = await aShop();
    const member = await aMember(shop.programId);
    await suspendProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Chargebacks under investigation" });
    const before = await moneyState();

    const event = await signedEvent(shop.programId, shop.secret, paid(member.email));
    expect(event.status).toBe(403);
    expect(event.type).toContain("application/problem+json");
    expect(event.json).toMatchObject({ code: "program_suspended", status: 403 });
    expect(await shopify(shop.programId, shop.shopifySecret, member.email)).toMatchObject({ status: 403, json: { code: "program_suspended" } });
    expect(await woo(shop.programId, shop.wooSecret, member.email)).toMatchObject({ status: 403, json: { code: "program_suspended" } });
    expect(await moneyState()).toEqual(before);

    await reinstateProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Investigation closed" });
    const next = await signedEvent(shop.programId, shop.secret, paid(member.email));
    expect(next).toMatchObject({ status: 202, json: { status: "accepted" } });
    expect(await db.purchase.count({ where: { programId: shop.programId } })).toBe(1);
  });

  it("the Redemption API refuses a new hold and the capture of an existing one", async () => {
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 5_000n);
    const P = `/api/v1/programs/${shop.programId}`;
    const held = await call(shop.key, "POST", `${P}/redemptions`, { customer: { email: member.email }, amount: 500, currency: "EUR", orderId: "A-1" }, `k-${uniqueId()}`);
    expect(held.status).toBe(201);
    const { id } = (await held.json()) as { id: string };
    await suspendProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Fraud review" });
    const before = await moneyState();

    const create = await call(shop.key, "POST", `${P}/redemptions`, { customer: { email: member.email }, amount: 500, currency: "EUR", orderId: "A-2" }, `k-${uniqueId()}`);
    expect(create.status).toBe(403);
    expect(await create.json()).toMatchObject({ code: "program_suspended" });
    const capture = await call(shop.key, "POST", `${P}/redemptions/${id}/capture`);
    expect(capture.status).toBe(403);
    expect(await capture.json()).toMatchObject({ code: "program_suspended" });
    expect(await moneyState()).toEqual(before);
  });

  it("the register (sales and cashback payments), receipts and new vouchers are refused", async () => {
    const owner = await createUser(db, { email: `owner-${uniqueId()}@susp.test`, password: "correct horse battery staple" });
    const created = await createProvider(db, { name: "Till", slug: `till-${uniqueId()}`, ownerUserId: owner.id, cashbackBps: 10_000, holdDays: 0 });
    const cashier = await createUser(db, { email: `cashier-${uniqueId()}@susp.test`, password: "correct horse battery staple" });
    await addStaff(db, { providerId: created.providerId, userId: cashier.id, role: "CASHIER" });
    const member = await aFundedMember(created.programId, 3_000n);
    await suspendProvider(db, { providerId: created.providerId, actor: ADMIN, reason: "Unpaid invoices" });
    const before = await moneyState();

    const sale = await refusal(registerPurchase(db, { providerId: created.providerId, cashierUserId: cashier.id, memberCode: member.code, amountMinor: 1000n }));
    expect([sale.status, sale.reason]).toEqual([403, "program_suspended"]);
    const spend = await refusal(spendAtRegister(db, { providerId: created.providerId, cashierUserId: cashier.id, customer: { memberCode: member.code }, spendMinor: 100n, requestId: randomUUID() }));
    expect([spend.status, spend.reason]).toEqual([403, "program_suspended"]);
    const receipt = await refusal(submitReceipt(db, { userId: member.userId, programId: created.programId, amount: "12.00", purchasedOn: new Date().toISOString().slice(0, 10), image: null }));
    expect([receipt.status, receipt.reason]).toEqual([403, "program_suspended"]);
    const voucher = await refusal(createVoucher(db, { userId: member.userId, programId: created.programId, amountMinor: 100n }));
    expect([voucher.status, voucher.reason]).toEqual([403, "program_suspended"]);
    expect(await moneyState()).toEqual(before);
    expect(await db.receipt.count({ where: { programId: created.programId } })).toBe(0);
  });
});

describe("provider status changes", () => {
  it("need a reason, land in the audit log with it, and keep the suspension's reason for the staff until reinstated", async () => {
    const shop = await aShop();
    const missing = await refusal(suspendProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "  " }));
    expect([missing.code, missing.field]).toEqual(["VALIDATION", "reason"]);
    expect((await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).status).toBe("ACTIVE");

    const suspended = await suspendProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Chargebacks" });
    expect(suspended).toMatchObject({ status: "SUSPENDED", previousStatus: "ACTIVE", changed: true });
    expect(await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).toMatchObject({ suspendedReason: "Chargebacks", suspendedAt: expect.any(Date) });
    expect(await suspendProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "again" })).toMatchObject({ changed: false });

    await reinstateProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Resolved" });
    expect(await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).toMatchObject({ status: "ACTIVE", suspendedReason: null, suspendedAt: null });
    const audit = await db.auditLog.findMany({ where: { providerId: shop.providerId }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType, a.actorId, a.reason])).toEqual([
      ["provider.suspend", "USER", ADMIN.id, "Chargebacks"],
      ["provider.reinstate", "USER", ADMIN.id, "Resolved"],
    ]);
  });

  it("PROVIDER_APPROVAL=required: a new business waits as PENDING (its events refused) until approved", async () => {
    process.env.PROVIDER_APPROVAL = "required";
    const shop = await aShop();
    expect((await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).status).toBe("PENDING");
    const member = await aMember(shop.programId).catch(() => null);
    const refused = await signedEvent(shop.programId, shop.secret, paid(member?.email ?? "x@example.com"));
    expect(refused).toMatchObject({ status: 403, json: { code: "program_pending" } });
    const reinstate = await refusal(reinstateProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "not suspended" }));
    expect(reinstate.code).toBe("CONFLICT");
    await approveProvider(db, { providerId: shop.providerId, actor: ADMIN, reason: "Checked the business registration" });
    expect((await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).status).toBe("ACTIVE");
    expect(await signedEvent(shop.programId, shop.secret, paid(`late-${uniqueId()}@example.com`))).toMatchObject({ status: 202 });
  });

  it("by default (PROVIDER_APPROVAL unset) a new business is ACTIVE at once", async () => {
    const shop = await aShop();
    expect((await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).status).toBe("ACTIVE");
  });
});

describe("members of a suspended business keep their balances and may still withdraw", () => {
  it("a withdrawal request is accepted while the business is suspended", async () => {
    const s = await setup(5_000n, { linkedHoursAgo: 100 });
    const program = await db.program.findUniqueOrThrow({ where: { id: s.programId } });
    await suspendProvider(db, { providerId: program.providerId, actor: ADMIN, reason: "Chargebacks" });
    const { withdrawal } = await requestWithdrawal(db, { userId: s.userId, memberId: s.memberId, linkedAccountId: s.accountId, amountMinor: 2_000n, limits: LIMITS });
    expect(withdrawal.status).toBe("AWAITING_CONFIRMATION");
  });
});
