import { createHmac, randomUUID } from "node:crypto";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/programs/[programId]/events/route";
import { POST as postShopify } from "@/app/api/v1/programs/[programId]/shopify/route";
import { POST as postWoo } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { aShop, moneyState } from "@/tests/support/programs";
import { parseJsonKeepingLongIntegers, parseOrderEvent, quoteLongIntegers } from "./order-event";
import { mapShopifyOrder, mapShopifyRefund } from "./shopify";
import { mapWooOrder } from "./woocommerce";

// The worst bodies we can construct, for every parser on the inbound path. Work is bounded by counting it
// (quoteLongIntegers' meter) and by the answers being right — never by a clock.

const N = 100_000; // ~200 KB bodies: under the 256 KB cap, so every parser gets to see them
const HOSTILE: Record<string, string> = {
  "escaped quotes": '\\"'.repeat(N),
  "a string of escaped quotes, unterminated": `"${'\\"'.repeat(N)}`,
  "an object whose value is escaped quotes, unterminated": `{"id":"${'\\"'.repeat(N)}`,
  "quotes and backslashes alternating": '"\\'.repeat(N),
  "deep nesting of arrays": "[".repeat(N) + "]".repeat(N),
  "deep nesting of objects, unclosed": '{"a":'.repeat(N / 2),
  "one long digit run": "1".repeat(2 * N),
  "a long digit run with a fraction": `${"1".repeat(N)}.${"1".repeat(N - 1)}`,
  "a long negative digit run then a letter": `-${"9".repeat(2 * N - 2)}x`,
  "many 16-digit integers": `[${Array.from({ length: 11_000 }, () => "1234567890123456").join(",")}]`,
  "digits glued to minus signs": "-1".repeat(N),
  "a long string": JSON.stringify({ id: 1, status: "processing", note: "a".repeat(2 * N - 50) }),
  "a long e-mail": JSON.stringify({ id: 1, status: "processing", currency: "EUR", total: "1.00", billing: { email: `${"a".repeat(2 * N - 200)}@example.com` } }),
  "a long amount": JSON.stringify({ id: 1, status: "processing", currency: "EUR", total: `${"1".repeat(2 * N - 200)}.0` }),
  "a long order event": JSON.stringify({ type: "order.paid", data: { orderId: "1".repeat(2 * N - 200), amount: 1, currency: "EUR", customer: { email: "a@example.com" } } }),
};

/** The regex this scanner replaced: correct, but quadratic on escaped quotes — a reference for small inputs only. */
const REFERENCE = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d{16,})(?![\w.])/g;
const reference = (body: string) => body.replace(REFERENCE, (match: string, integer: string | undefined) => (integer ? `"${integer}"` : match));

/** Whether a text ends inside a string: a quote opened and never closed (a backslash escapes the next character). */
function endsInsideString(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    if (!open) open = text[i] === '"';
    else if (text[i] === "\\") i++;
    else if (text[i] === '"') open = false;
  }
  return open;
}

/** What JSON.parse makes of a text: its value, or "malformed". */
function outcome(text: string): unknown {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return "malformed";
  }
}

describe("the long-integer scanner (Shopify and WooCommerce bodies)", () => {
  it("keeps integers of 16+ digits exact as strings, and leaves strings, fractions and exponents alone", () => {
    expect(parseJsonKeepingLongIntegers('{"id": 820982911946154508, "n": -1234567890123456789, "small": 42}')).toEqual({ id: "820982911946154508", n: "-1234567890123456789", small: 42 });
    expect(parseJsonKeepingLongIntegers('["12345678901234567", 1.2345678901234567, 12345678901234567e2, "a\\"12345678901234567"]')).toEqual([
      "12345678901234567",
      1.2345678901234567,
      12345678901234567e2,
      'a"12345678901234567',
    ]);
    expect(() => parseJsonKeepingLongIntegers('{"id": 12345678901234567')).toThrow(SyntaxError);
    // A string left open stays malformed even when an integer inside it is long (fast-check found the regex quoting it).
    expect(() => parseJsonKeepingLongIntegers('"\\98765432109876543210')).toThrow(SyntaxError);
  });

  it("parses every generated JSON-ish text exactly as the regex it replaced did", () => {
    const piece = fc.constantFrom('"', "\\", "-", ".", "e", "+", ",", "[", "]", "{", "}", ":", " ", "x", "1234567890123456", "98765432109876543210", "7");
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.array(piece, { maxLength: 40 }).map((p) => p.join(""))), (text) => {
        // A string left open is malformed JSON whatever follows it; the regex backtracked out of it and could quote
        // an integer inside it into something that parses (`"\98765432109876543210` → a string). The scanner keeps it malformed.
        if (endsInsideString(text)) expect(outcome(quoteLongIntegers(text))).toBe("malformed");
        else expect(outcome(quoteLongIntegers(text))).toEqual(outcome(reference(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("is linear: the work on every hostile 200 KB body is at most two steps per character", () => {
    for (const [name, body] of Object.entries(HOSTILE)) {
      const meter = { steps: 0 };
      quoteLongIntegers(body, meter);
      expect({ name, bounded: meter.steps <= 2 * body.length }).toEqual({ name, bounded: true });
    }
  });

  it("gives the right answer for every hostile body through each parser and mapper", () => {
    for (const [name, body] of Object.entries(HOSTILE)) {
      let json: unknown = undefined;
      try {
        json = parseJsonKeepingLongIntegers(body);
      } catch (error) {
        expect({ name, error: error instanceof SyntaxError }).toEqual({ name, error: true });
      }
      for (const map of [mapShopifyOrder, mapShopifyRefund, mapWooOrder]) expect(["event", "events", "ignored", "invalid"]).toContain(map(json).kind);
      const generic = parseOrderEvent(body);
      expect({ name, ok: generic.ok }).toEqual({ name, ok: false });
    }
    expect(parseJsonKeepingLongIntegers(HOSTILE["one long digit run"]!)).toBe("1".repeat(2 * N));
    // A valid order with a 200 KB date: the date is dropped, the order mapped.
    const longDate = { id: 1, status: "processing", currency: "EUR", total: "1.00", billing: { email: "a@example.com" }, date_paid_gmt: "2".repeat(2 * N) };
    const mapped = mapWooOrder(parseJsonKeepingLongIntegers(JSON.stringify(longDate)));
    expect(mapped.kind === "event" && mapped.event.data.occurredAt).toBeUndefined();
  });
});

const hmac = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");

describe("zero-amount orders from the shops", () => {
  it("a free Shopify or WooCommerce order is ignored (nothing to reward), not rewarded with 0", () => {
    expect(mapWooOrder({ id: 7, status: "processing", currency: "EUR", total: "0.00", billing: { email: "a@example.com" } })).toMatchObject({ kind: "ignored" });
    expect(mapShopifyOrder({ id: 7, currency: "EUR", total_price: "0.00", email: "a@example.com" })).toMatchObject({ kind: "ignored" });
  });
});

describe("hostile bodies, correctly signed, at every inbound endpoint", () => {
  it("refuses each with a 4xx problem and changes no money (WooCommerce, Shopify, Standard Webhooks)", async () => {
    const shop = await aShop();
    const params = { params: Promise.resolve({ programId: shop.programId }) };
    const url = (path: string) => `http://localhost/api/v1/programs/${shop.programId}/${path}`;
    const before = await moneyState();
    for (const [name, body] of Object.entries(HOSTILE)) {
      const woo = await postWoo(
        new NextRequest(url("woocommerce"), {
          method: "POST",
          body,
          headers: { "x-wc-webhook-topic": "order.updated", "x-wc-webhook-delivery-id": randomUUID(), "x-wc-webhook-signature": hmac(body, shop.wooSecret), "x-forwarded-for": "192.0.2.31" },
        }),
        params,
      );
      const shopify = await postShopify(
        new NextRequest(url("shopify"), {
          method: "POST",
          body,
          headers: { "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": randomUUID(), "x-shopify-hmac-sha256": hmac(body, shop.shopifySecret), "x-forwarded-for": "192.0.2.31" },
        }),
        params,
      );
      const id = `msg_${randomUUID()}`;
      const at = new Date();
      const generic = await postEvents(
        new NextRequest(url("events"), {
          method: "POST",
          body,
          headers: {
            "webhook-id": id,
            "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": new Webhook(shop.secret).sign(id, at, body),
            "x-forwarded-for": "192.0.2.31",
          },
        }),
        params,
      );
      for (const res of [woo, shopify, generic]) {
        // 400 (invalid) or 200 (a verified delivery with nothing to do, e.g. no customer): never a 5xx, never a reward.
        expect({ name, status: res.status }).toEqual({ name, status: res.status === 200 ? 200 : 400 });
      }
    }
    expect(await moneyState()).toEqual(before);
  });
});
