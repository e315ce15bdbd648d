import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { db } from "@/lib/db/client";
import { balance, memberAccount } from "@/lib/ledger";
import { aMember, aProgram, moneyState, uniqueId } from "@/tests/support/programs";
import { mapWooOrder } from "./woocommerce";

const ORDER = JSON.parse(readFileSync(new URL("./fixtures/woocommerce-order.json", import.meta.url), "utf8")) as Record<string, unknown>;

let nextOrderId = 1000;
function order(changes: Record<string, unknown> = {}, email?: string) {
  const billing = { ...(ORDER.billing as Record<string, unknown>), ...(email ? { email } : {}) };
  return JSON.stringify({ ...ORDER, id: nextOrderId++, billing, ...changes });
}

const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function deliver(programId: string, body: string, opts: { secret?: string; topic?: string | null; deliveryId?: string; signature?: string | null; contentType?: string } = {}) {
  const headers = new Headers({ "content-type": opts.contentType ?? "application/json", "x-forwarded-for": "192.0.2.20", "user-agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7)" });
  if (opts.topic !== null) {
    headers.set("x-wc-webhook-topic", opts.topic ?? "order.updated");
    headers.set("x-wc-webhook-source", "https://shop.example.com/");
    headers.set("x-wc-webhook-resource", "order");
    headers.set("x-wc-webhook-event", "updated");
    headers.set("x-wc-webhook-id", "12");
    headers.set("x-wc-webhook-delivery-id", opts.deliveryId ?? randomUUID());
  }
  const signature = opts.signature === undefined ? sign(body, opts.secret ?? "") : opts.signature;
  if (signature !== null) headers.set("x-wc-webhook-signature", signature);
  const res = await POST(new NextRequest(`http://localhost/api/v1/programs/${programId}/woocommerce`, { method: "POST", body, headers }), { params: Promise.resolve({ programId }) });
  return { status: res.status, body: await res.text() };
}

async function shop() {
  const program = await aProgram();
  const secret = `woo-${randomUUID()}`;
  await db.program.update({ where: { id: program.programId }, data: { wooWebhookSecret: secret } });
  return { ...program, wooSecret: secret };
}

describe("POST /api/v1/programs/{programId}/woocommerce", () => {
  it("answers Woo's unsigned ping with 200 and no effect", async () => {
    const { programId } = await shop();
    const before = await moneyState();
    expect(await deliver(programId, "webhook_id=12", { topic: null, signature: null, contentType: "application/x-www-form-urlencoded" })).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await moneyState()).toEqual(before);
    // Anything else unsigned is refused.
    expect((await deliver(programId, order(), { topic: null, signature: null })).status).toBe(401);
  });

  it("rewards a processing order once, through its later updates and redeliveries, and cancels it on refund", async () => {
    const { programId, wooSecret } = await shop();
    const member = await aMember(programId, `woo-${uniqueId()}@example.com`);
    const body = order({}, member.email);
    const id = String(JSON.parse(body).id);
    const deliveryId = randomUUID();

    expect(await deliver(programId, body, { secret: wooSecret, deliveryId, topic: "order.created" })).toEqual({ status: 202, body: '{"status":"accepted"}' });
    const purchase = await db.purchase.findFirstOrThrow({ where: { programId, orderId: id }, include: { reward: true } });
    expect(purchase).toMatchObject({ amountMinor: 2935n, currency: "EUR", memberId: member.memberId, origin: { channel: "woocommerce", webhookId: deliveryId } });
    expect(purchase.occurredAt.toISOString()).toBe("2026-03-22T19:28:08.000Z");
    expect(purchase.reward).toMatchObject({ status: "PENDING", amountMinor: 180n }); // 10% of the lines (18.00)
    const pending = memberAccount(member.memberId, "MEMBER_PENDING", "EUR");
    expect(await balance(db, pending)).toBe(180n);

    expect(await deliver(programId, body, { secret: wooSecret, deliveryId })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    const completed = JSON.stringify({ ...JSON.parse(body), status: "completed" });
    expect(await deliver(programId, completed, { secret: wooSecret })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await db.reward.count({ where: { programId } })).toBe(1);

    const refunded = JSON.stringify({ ...JSON.parse(body), status: "refunded" });
    expect(await deliver(programId, refunded, { secret: wooSecret })).toEqual({ status: 202, body: '{"status":"accepted"}' });
    expect(await db.reward.findFirstOrThrow({ where: { programId } })).toMatchObject({ status: "REVERSED", amountMinor: 0n });
    expect(await balance(db, pending)).toBe(0n);
    expect(await deliver(programId, refunded, { secret: wooSecret })).toEqual({ status: 200, body: '{"status":"duplicate"}' });
  });

  it("ignores statuses that are neither paid nor refunded, and other topics", async () => {
    const { programId, wooSecret } = await shop();
    const before = await moneyState();
    for (const status of ["pending", "on-hold", "failed", "checkout-draft"]) {
      expect(await deliver(programId, order({ status }), { secret: wooSecret })).toEqual({ status: 200, body: '{"status":"ignored"}' });
    }
    expect(await deliver(programId, order(), { secret: wooSecret, topic: "product.updated" })).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await moneyState()).toEqual(before);
  });

  it("refuses a bad signature, and everything while no secret is configured, with 401", async () => {
    const { programId, wooSecret } = await shop();
    const body = order();
    const before = await moneyState();
    expect((await deliver(programId, body, { secret: "wrong" })).status).toBe(401);
    expect((await deliver(programId, body, { signature: null })).status).toBe(401);
    expect((await deliver(programId, body.replace('"29.35"', '"2935.00"'), { signature: sign(body, wooSecret) })).status).toBe(401);
    // Unsigned refusals from one address are one aggregated row, counting each hit.
    expect((await db.guardHit.aggregate({ where: { programId, guard: "BAD_SIGNATURE" }, _sum: { hits: true } }))._sum.hits).toBe(3);

    const unconfigured = await aProgram();
    const res = await deliver(unconfigured.programId, body, { secret: "" });
    expect(res.status).toBe(401);
    expect(await moneyState()).toEqual(before);
  });

  it("refuses an invalid order with 400 naming the field", async () => {
    const { programId, wooSecret } = await shop();
    const res = await deliver(programId, order({ total: "29.355" }), { secret: wooSecret });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ field: "total" });
    const currency = await deliver(programId, order({ currency: "JPY" }), { secret: wooSecret });
    expect(JSON.parse(currency.body)).toMatchObject({ status: 400, field: "currency" });
  });

  it("maps any payload without throwing (fuzz)", () => {
    const value = fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom("processing", "completed", "refunded", "wc-processing"), fc.constant(undefined));
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom(...Object.keys(ORDER)), value), (anything, changes) => {
        expect(["event", "events", "ignored", "invalid"]).toContain(mapWooOrder(anything).kind);
        expect(["event", "events", "ignored", "invalid"]).toContain(mapWooOrder({ ...ORDER, ...changes }).kind);
      }),
      { numRuns: 500 },
    );
  });
});
