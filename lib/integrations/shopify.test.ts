import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/programs/[programId]/shopify/route";
import { db } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { aMember, aProgram, moneyState, uniqueId } from "@/tests/support/programs";
import { mapShopifyOrder, mapShopifyRefund } from "./shopify";
import { parseJsonKeepingLongIntegers } from "./order-event";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const ORDER = fixture("shopify-orders-paid.json");
const REFUND = fixture("shopify-refunds-create.json");
const REFUND_LINES = fixture("shopify-refunds-create-lines-only.json");
const FIXTURE_ORDER_ID = "820982911946154508"; // above 2^53: JSON.parse alone would round it

/** A fixture for this test's own order and customer (text replacement keeps the 64-bit ids exact). */
function forOrder(raw: string, orderId: string, email?: string) {
  let out = raw.replaceAll(FIXTURE_ORDER_ID, orderId);
  if (email) out = out.replaceAll("jon@example.com", email);
  return out;
}

const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function deliver(programId: string, body: string, opts: { secret?: string; topic?: string; webhookId?: string; hmac?: string | null } = {}) {
  const headers = new Headers({
    "content-type": "application/json",
    "x-shopify-topic": opts.topic ?? "orders/paid",
    "x-shopify-shop-domain": "jsmith.myshopify.com",
    "x-shopify-api-version": "2025-01",
    "x-shopify-webhook-id": opts.webhookId ?? randomUUID(),
    "x-forwarded-for": "192.0.2.10",
  });
  const hmac = opts.hmac === undefined ? sign(body, opts.secret ?? "") : opts.hmac;
  if (hmac !== null) headers.set("x-shopify-hmac-sha256", hmac);
  const res = await POST(new NextRequest(`http://localhost/api/v1/programs/${programId}/shopify`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return { status: res.status, body: await res.text() };
}

async function shop() {
  const program = await aProgram({ currency: "USD" });
  const secret = `shpss_${randomUUID()}`;
  await db.program.update({ where: { id: program.programId }, data: { shopifyWebhookSecret: secret } });
  return { ...program, shopifySecret: secret };
}

const newOrderId = () => `${Date.now()}${Math.floor(Math.random() * 1e6)}`.padEnd(18, "7");

describe("Shopify mapping", () => {
  it("maps orders/paid without floating point and keeps 64-bit ids exact", () => {
    const mapped = mapShopifyOrder(parseJsonKeepingLongIntegers(ORDER));
    expect(mapped.kind).toBe("event");
    if (mapped.kind !== "event") return;
    expect(mapped.event).toEqual({
      type: "order.paid",
      data: {
        orderId: FIXTURE_ORDER_ID,
        amount: 40300n,
        currency: "USD",
        customer: { email: "jon@example.com", externalId: "115310627314723954" },
        items: [
          { sku: "IPOD2008PINK", amount: 19567n, quantity: 1 },
          { sku: "IPOD2008BLACK", amount: 19733n, quantity: 1 },
        ],
        occurredAt: new Date("2022-01-01T00:00:00Z"),
      },
    });
  });

  it("maps refunds/create from its refund transactions, or else its refunded lines", () => {
    const byTransactions = mapShopifyRefund(parseJsonKeepingLongIntegers(REFUND));
    expect(byTransactions).toMatchObject({ kind: "event", event: { type: "order.refunded", data: { orderId: FIXTURE_ORDER_ID, amount: 4030n } }, keys: { eventKey: "refund:shopify:890088186047892319" } });
    const byLines = mapShopifyRefund(parseJsonKeepingLongIntegers(REFUND_LINES));
    expect(byLines).toMatchObject({ kind: "event", event: { data: { amount: 19733n } }, keys: { eventKey: "refund:shopify:909967139829497115" } });
  });

  it("ignores an order with no customer and refuses amounts a currency cannot hold", () => {
    const parse = (raw: string) => parseJsonKeepingLongIntegers(raw) as Record<string, unknown>;
    const anonymous = parse(ORDER.replace(/"[a-z]+@example\.com"/g, "null").replace('"id": 115310627314723954', '"id": null'));
    expect(mapShopifyOrder(anonymous)).toMatchObject({ kind: "ignored" });
    expect(mapShopifyOrder({ ...parse(ORDER), total_price: "403.005" })).toMatchObject({ kind: "invalid", field: "total_price" });
    expect(mapShopifyOrder({ ...parse(ORDER), currency: "JPY" })).toMatchObject({ kind: "invalid", field: "currency" });
    // Plain JSON.parse would have rounded the ids: refused rather than matched to the wrong order.
    expect(mapShopifyOrder(JSON.parse(ORDER))).toMatchObject({ kind: "invalid", field: "id" });
  });


  it("never throws, whatever the payload (fuzz)", () => {
    const base = parseJsonKeepingLongIntegers(ORDER) as Record<string, unknown>;
    const refund = parseJsonKeepingLongIntegers(REFUND) as Record<string, unknown>;
    const value = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(undefined));
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom(...Object.keys(base), ...Object.keys(refund)), value), (anything, changes) => {
        for (const map of [mapShopifyOrder, mapShopifyRefund]) {
          expect(["event", "events", "ignored", "invalid"]).toContain(map(anything).kind);
          expect(["event", "events", "ignored", "invalid"]).toContain(map({ ...base, ...changes }).kind);
          expect(["event", "events", "ignored", "invalid"]).toContain(map({ ...refund, ...changes }).kind);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("POST /api/v1/programs/{programId}/shopify", () => {
  it("rewards a verified orders/paid, answers its redelivery as a duplicate and applies a refund", async () => {
    const { programId, shopifySecret } = await shop();
    const member = await aMember(programId, `shopper-${uniqueId()}@example.com`);
    const orderId = newOrderId();
    const body = forOrder(ORDER, orderId, member.email);
    const webhookId = randomUUID();

    const first = await deliver(programId, body, { secret: shopifySecret, webhookId });
    expect(first).toEqual({ status: 202, body: '{"status":"accepted"}' });
    const purchase = await db.purchase.findFirstOrThrow({ where: { programId, orderId }, include: { reward: true } });
    expect(purchase).toMatchObject({ amountMinor: 40300n, currency: "USD", memberId: member.memberId, origin: { channel: "shopify", webhookId } });
    expect(purchase.reward).toMatchObject({ status: "PENDING", amountMinor: 3930n }); // 10% of the discounted lines (393.00)
    const pending = memberAccount(member.memberId, "MEMBER_PENDING", "USD");
    expect(await balance(db, pending)).toBe(3930n);

    expect(await deliver(programId, body, { secret: shopifySecret, webhookId })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await deliver(programId, body, { secret: shopifySecret })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await db.reward.count({ where: { programId } })).toBe(1);

    // 40.30 of 403.00 refunded: the reward shrinks by a tenth.
    const refund = forOrder(REFUND, orderId);
    expect(await deliver(programId, refund, { secret: shopifySecret, topic: "refunds/create" })).toEqual({ status: 202, body: '{"status":"accepted"}' });
    expect(await balance(db, pending)).toBe(3537n);
    expect(await deliver(programId, refund, { secret: shopifySecret, topic: "refunds/create" })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    // A second, different refund of the same order counts too (it has its own refund id): 197.33 more.
    expect((await deliver(programId, forOrder(REFUND_LINES, orderId), { secret: shopifySecret, topic: "refunds/create" })).status).toBe(202);
    expect(await balance(db, pending)).toBe((3930n * (40300n - 4030n - 19733n)) / 40300n);
  });

  it("refuses a wrong or missing HMAC with 401, counting a guard hit and changing nothing", async () => {
    const { programId, shopifySecret } = await shop();
    const member = await aMember(programId);
    const body = forOrder(ORDER, newOrderId(), member.email);
    const before = await moneyState();
    expect((await deliver(programId, body, { secret: "not-the-secret" })).status).toBe(401);
    expect((await deliver(programId, body, { hmac: null })).status).toBe(401);
    expect((await deliver(programId, body, { hmac: sign(body, shopifySecret).slice(0, -2) })).status).toBe(401);
    expect((await deliver(programId, body.replace('"403.00"', '"4030.00"'), { hmac: sign(body, shopifySecret) })).status).toBe(401);
    expect(await moneyState()).toEqual(before);
    // Unsigned refusals from one address are one aggregated row, counting each hit.
    expect((await db.guardHit.aggregate({ where: { programId, guard: "BAD_SIGNATURE" }, _sum: { hits: true } }))._sum.hits).toBe(4);
  });

  it("refuses everything with 401 while no Shopify secret is configured", async () => {
    const { programId } = await aProgram({ currency: "USD" });
    const body = forOrder(ORDER, newOrderId());
    const res = await deliver(programId, body, { secret: "" });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ status: 401, detail: expect.stringMatching(/No Shopify signing secret/) });
  });

  it("ignores other topics with 200 and refuses an invalid payload with 400", async () => {
    const { programId, shopifySecret } = await shop();
    expect(await deliver(programId, '{"id":1}', { secret: shopifySecret, topic: "orders/create" })).toEqual({ status: 200, body: '{"status":"ignored"}' });
    const bad = await deliver(programId, ORDER.replace('"total_price": "403.00"', '"total_price": "4.0.3"'), { secret: shopifySecret });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ field: "total_price" });
    expect((await deliver(programId, "{not json", { secret: shopifySecret })).status).toBe(400);
    expect(await db.webhookDelivery.count({ where: { programId, channel: "shopify" } })).toBe(3);
  });
});
