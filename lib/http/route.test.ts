import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as plaidWebhook } from "@/app/api/webhooks/plaid/route";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { route } from "./route";

const CHUNK = 16 * 1024;

/** A chunked body of `total` bytes (no Content-Length) that counts how many bytes were pulled from it. */
function countingBody(total: number, byte = 0x61) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      const size = Math.min(CHUNK, total - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(byte));
    },
  });
  return { stream, pulled: () => pulled };
}

function post(url: string, body: ReadableStream<Uint8Array> | Uint8Array | string, headers: Record<string, string> = {}) {
  return new NextRequest(url, { method: "POST", body, headers, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);
}

const params = { params: Promise.resolve({}) };
const MB = 1024 * 1024;

describe("the route wrapper's body cap", () => {
  const readers = {
    text: route({ auth: "none" }, async (_req, { body }) => Response.json({ length: (await body.text()).length })),
    json: route({ auth: "none" }, async (_req, { body }) => Response.json({ body: await body.json() })),
    formData: route({ auth: "none", maxBodyBytes: 128 * 1024 }, async (_req, { body }) => Response.json({ fields: [...(await body.formData()).keys()] })),
    // A handler that reads the request itself still reads through the cap.
    direct: route({ auth: "none" }, async (req) => Response.json({ length: (await req.text()).length })),
    arrayBuffer: route({ auth: "none" }, async (req) => Response.json({ length: (await req.arrayBuffer()).byteLength })),
    blob: route({ auth: "none" }, async (req) => Response.json({ length: (await req.blob()).size })),
    // The request's own stream is capped too.
    stream: route({ auth: "none" }, async (req) => {
      const reader = req.body!.getReader();
      let length = 0;
      for (let next = await reader.read(); !next.done; next = await reader.read()) length += next.value.byteLength;
      return Response.json({ length });
    }),
    // …and one that turns the failed read into its own 400 is still answered 413.
    swallowing: route({ auth: "none" }, async (req) => {
      try {
        await req.json();
      } catch {
        return Response.json({ error: "bad json" }, { status: 400 });
      }
      return Response.json({});
    }),
  };

  it.each(Object.entries(readers))("refuses a chunked body past the cap with 413 and stops reading it (%s)", async (_name, handler) => {
    const body = countingBody(50 * MB);
    const res = await handler(post("http://localhost/x", body.stream, { "content-type": "multipart/form-data; boundary=b" }), params);
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    // The cap (at most 128 KiB here), plus the chunk that passed it and one the source queued ahead.
    expect(body.pulled()).toBeLessThanOrEqual(128 * 1024 + 2 * CHUNK);
  });

  it("refuses a declared Content-Length past the cap before reading a byte", async () => {
    const body = countingBody(1 * MB);
    const res = await readers.text(post("http://localhost/x", body.stream, { "content-length": String(MB) }), params);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it("reads bodies within the cap whole (text, JSON, form)", async () => {
    const text = await readers.text(post("http://localhost/x", countingBody(64 * 1024).stream), params);
    expect(await text.json()).toEqual({ length: 64 * 1024 });
    const json = await readers.json(post("http://localhost/x", JSON.stringify({ a: 1 }), { "content-type": "application/json" }), params);
    expect(await json.json()).toEqual({ body: { a: 1 } });
    const form = new FormData();
    form.set("image", new Blob([new Uint8Array(100 * 1024)]), "r.jpg");
    form.set("amount", "12.50");
    const multipart = new Request("http://localhost/x", { method: "POST", body: form });
    const bytes = new Uint8Array(await multipart.arrayBuffer());
    const res = await readers.formData(post("http://localhost/x", bytes, { "content-type": multipart.headers.get("content-type") ?? "" }), params);
    expect(await res.json()).toEqual({ fields: ["image", "amount"] });
  });

  it("answers 400, not 500, for a form that is not a form", async () => {
    const res = await readers.formData(post("http://localhost/x", "not a form", { "content-type": "text/plain" }), params);
    expect(res.status).toBe(400);
  });
});

describe("webhook bodies are capped while they stream", () => {
  it("the Plaid webhook refuses a chunked body past 64 KiB with 413 without reading it whole", async () => {
    const body = countingBody(8 * MB);
    const res = await plaidWebhook(post("http://localhost/api/webhooks/plaid", body.stream, { "plaid-verification": "x.y.z" }), params);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it("the Stripe webhook refuses a chunked body past 512 KiB with 413 without reading it whole", async () => {
    const body = countingBody(8 * MB);
    const res = await stripeWebhook(post("http://localhost/api/webhooks/stripe", body.stream, { "stripe-signature": "t=1,v1=x" }), params);
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(512 * 1024 + 2 * CHUNK);
  });
});
