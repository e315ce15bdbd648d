import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as shopifyPOST } from "@/app/api/v1/programs/[programId]/shopify/route";
import { POST as wooPOST } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { db } from "@/lib/db/client";
import { reconcile } from "@/lib/ledger/reconcile";
import { aMember, aShop, moneyState } from "@/tests/support/programs";

const WOO_ORDER = JSON.parse(readFileSync(new URL("./fixtures/woocommerce-order.json", import.meta.url), "utf8")) as Record<string, unknown>;
const sign = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

async function woo(shop: { programId: string; wooSecret: string }, body: string) {
  const headers = new Headers({
    "content-type": "application/json",
    "x-forwarded-for": "192.0.2.20",
    "x-wc-webhook-topic": "order.updated",
    "x-wc-webhook-delivery-id": randomUUID(),
    "x-wc-webhook-signature": sign(body, shop.wooSecret),
  });
  const res = await wooPOST(new NextRequest(`http://localhost/api/v1/programs/${shop.programId}/woocommerce`, { method: "POST", body, headers }), {
    params: Promise.resolve({ programId: shop.programId }),
  });
  return { status: res.status, body: await res.text() };
}

async function shopify(shop: { programId: string; shopifySecret: string }, topic: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers = new Headers({
    "content-type": "application/json",
    "x-forwarded-for": "192.0.2.10",
    "x-shopify-topic": topic,
    "x-shopify-webhook-id": randomUUID(),
    "x-shopify-hmac-sha256": sign(body, shop.shopifySecret),
  });
  const res = await shopifyPOST(new NextRequest(`http://localhost/api/v1/programs/${shop.programId}/shopify`, { method: "POST", body, headers }), {
    params: Promise.resolve({ programId: shop.programId }),
  });
  return { status: res.status, body: await res.text() };
}

const rewardOf = async (programId: string, orderId: string) =>
  (await db.purchase.findFirstOrThrow({ where: { programId, orderId }, select: { refundedMinor: true, reward: { select: { status: true, amountMinor: true } } } }));

async function expectReconciled() {
  const result = await reconcile(db);
  expect(result.ok, JSON.stringify(result.discrepancies)).toBe(true);
}

let wooId = 5000;

describe("WooCommerce refunds", () => {
  it("a WooCommerce partial refund (the status stays completed) keeps the cashback of what was kept, once per refund", async () => {
    const shop = await aShop();
    const member = await aMember(shop.programId);
    const id = wooId++;
    const paid = { ...WOO_ORDER, id, billing: { ...(WOO_ORDER.billing as object), email: member.email } };
    expect((await woo(shop, JSON.stringify(paid))).status).toBe(202);
    expect(await rewardOf(shop.programId, String(id))).toMatchObject({ reward: { amountMinor: 180n } }); // 10 % of the lines (€18.00) of €29.35

    // €10.00 refunded: Woo lists the refund and leaves the order completed.
    const partly = JSON.stringify({ ...paid, status: "completed", refunds: [{ id: 801, reason: "damaged", total: "-10.00" }] });
    expect(await woo(shop, partly)).toEqual({ status: 202, body: '{"status":"accepted"}' });
    // 180 × (2935 − 1000) ÷ 2935 = 118.6… → €1.18
    expect(await rewardOf(shop.programId, String(id))).toMatchObject({ refundedMinor: 1000n, reward: { status: "PENDING", amountMinor: 118n } });

    // The next update lists the same refund again and a second one: only the new one counts.
    const twice = JSON.stringify({ ...paid, status: "completed", refunds: [{ id: 802, total: "-5.00" }, { id: 801, total: "-10.00" }] });
    expect((await woo(shop, twice)).status).toBe(202);
    expect(await woo(shop, twice)).toEqual({ status: 200, body: '{"status":"duplicate"}' });
    expect(await rewardOf(shop.programId, String(id))).toMatchObject({ refundedMinor: 1500n, reward: { amountMinor: 88n } }); // 180 × 1435 ÷ 2935
    await expectReconciled();
  });

  it("a WooCommerce order cancelled after payment takes its cashback back; one cancelled before payment changes nothing", async () => {
    const shop = await aShop();
    const member = await aMember(shop.programId);
    const id = wooId++;
    const paid = { ...WOO_ORDER, id, billing: { ...(WOO_ORDER.billing as object), email: member.email } };
    expect((await woo(shop, JSON.stringify(paid))).status).toBe(202);
    expect(await woo(shop, JSON.stringify({ ...paid, status: "cancelled" }))).toEqual({ status: 202, body: '{"status":"accepted"}' });
    expect(await rewardOf(shop.programId, String(id))).toMatchObject({ reward: { status: "REVERSED", amountMinor: 0n } });

    const before = await moneyState();
    const unpaid = { ...WOO_ORDER, id: wooId++, status: "cancelled", date_paid_gmt: null, billing: { ...(WOO_ORDER.billing as object), email: member.email } };
    expect(await woo(shop, JSON.stringify(unpaid))).toEqual({ status: 200, body: '{"status":"ignored"}' });
    expect(await moneyState()).toEqual(before);
  });
});

describe("Shopify refunds in the customer's currency", () => {
  const orderId = () => `${Date.now()}${Math.floor(Math.random() * 1e5)}`;
  const paidOrder = (id: string, email: string, presentment: { amount: string; currency: string }) => ({
    id,
    email,
    currency: "EUR",
    total_price: "100.00",
    total_price_set: { shop_money: { amount: "100.00", currency_code: "EUR" }, presentment_money: { amount: presentment.amount, currency_code: presentment.currency } },
    processed_at: new Date().toISOString(),
    customer: { id: null, email },
  });

  it("a Shopify refund in another presentment currency takes back the shop's money, not the customer's figure: $55 of a €100 order paid as $110 refunds €50", async () => {
    const shop = await aShop({ currency: "EUR" });
    const member = await aMember(shop.programId);
    const id = orderId();
    expect((await shopify(shop, "orders/paid", paidOrder(id, member.email, { amount: "110.00", currency: "USD" }))).status).toBe(202);
    expect(await rewardOf(shop.programId, id)).toMatchObject({ reward: { amountMinor: 1000n } });

    const refund = {
      id: 66001,
      order_id: id,
      transactions: [{ kind: "refund", status: "success", amount: "55.00", currency: "USD" }],
      refund_line_items: [
        {
          subtotal_set: { shop_money: { amount: "50.00", currency_code: "EUR" }, presentment_money: { amount: "55.00", currency_code: "USD" } },
          total_tax_set: { shop_money: { amount: "0.00", currency_code: "EUR" }, presentment_money: { amount: "0.00", currency_code: "USD" } },
        },
      ],
    };
    expect((await shopify(shop, "refunds/create", refund)).status).toBe(202);
    expect(await rewardOf(shop.programId, id)).toMatchObject({ refundedMinor: 5000n, reward: { amountMinor: 500n } });
    await expectReconciled();
  });

  it("a Shopify refund stated only in a currency the program does not use (¥8,000 of a €100 order paid as ¥16,000) is converted at the order's rate, not refused", async () => {
    const shop = await aShop({ currency: "EUR" });
    const member = await aMember(shop.programId);
    const id = orderId();
    expect((await shopify(shop, "orders/paid", paidOrder(id, member.email, { amount: "16000", currency: "JPY" }))).status).toBe(202);
    const refund = { id: 77001, order_id: id, transactions: [{ kind: "refund", status: "success", amount: "8000", currency: "JPY" }] };
    expect((await shopify(shop, "refunds/create", refund)).status).toBe(202);
    expect(await rewardOf(shop.programId, id)).toMatchObject({ refundedMinor: 5000n, reward: { amountMinor: 500n } });

    // A refund in the customer's currency for an order not received yet cannot be converted: 409, the shop retries.
    const early = await shopify(shop, "refunds/create", { id: 77002, order_id: orderId(), transactions: [{ kind: "refund", status: "success", amount: "100", currency: "JPY" }] });
    expect(early.status).toBe(409);
  });
});

describe("chargebacks", () => {
  it("a Shopify chargeback (disputes/create) takes the disputed amount back like a refund, once; an inquiry changes nothing", async () => {
    const shop = await aShop({ currency: "EUR" });
    const member = await aMember(shop.programId);
    const id = `${Date.now()}9`;
    const order = { id, email: member.email, currency: "EUR", total_price: "80.00", processed_at: new Date().toISOString(), customer: { id: null, email: member.email } };
    expect((await shopify(shop, "orders/paid", order)).status).toBe(202);
    expect(await rewardOf(shop.programId, id)).toMatchObject({ reward: { amountMinor: 800n } });

    const inquiry = { id: 9001, order_id: id, type: "inquiry", amount: "80.00", currency: "EUR", status: "needs_response" };
    expect(await shopify(shop, "disputes/create", inquiry)).toEqual({ status: 200, body: '{"status":"ignored"}' });
    const chargeback = { id: 9002, order_id: id, type: "chargeback", amount: "80.00", currency: "EUR", status: "needs_response", reason: "fraudulent" };
    expect((await shopify(shop, "disputes/create", chargeback)).status).toBe(202);
    expect(await rewardOf(shop.programId, id)).toMatchObject({ refundedMinor: 8000n, reward: { status: "REVERSED", amountMinor: 0n } });
    expect((await shopify(shop, "disputes/create", chargeback)).status).toBe(200); // Shopify's redelivery under a new id: the dispute counts once
    await expectReconciled();
  });
});
