import { createHash, createHmac } from "node:crypto";
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors";
import { plaidClient } from "./client";
import { fakePlaid, PLAID_TEST_URL } from "@/tests/support/plaid";
import { clearWebhookKeyCache, UNKNOWN_KEY_TTL_MS, verifyPlaidWebhook } from "./verify-webhook";

process.env.PLAID_SANDBOX_URL = PLAID_TEST_URL;
delete process.env.PLAID_CLIENT_ID;
delete process.env.PLAID_SECRET;

const plaid = fakePlaid();
const body = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "item-1" }, null, 2);
const b64url = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");

beforeAll(() => plaid.server.listen({ onUnhandledRequest: "error" }));
afterAll(() => plaid.server.close());
beforeEach(() => {
  clearWebhookKeyCache();
  plaid.state.keyExpiredAt = null;
});

async function refusal(header: string | null, opts: { body?: string; now?: Date } = {}): Promise<string> {
  try {
    await verifyPlaidWebhook({ body: opts.body ?? body, header, client: plaidClient(), now: opts.now });
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    if (error instanceof DomainError) {
      expect(error.status).toBe(401);
      return error.message;
    }
  }
  throw new Error("expected the webhook to be refused");
}

describe("verifyPlaidWebhook", () => {
  it("accepts a body signed by Plaid's key, fetching the key once by kid and caching it", async () => {
    const header = await plaid.sign(body);
    const before = plaid.calls.filter((c) => c.path === "/webhook_verification_key/get").length;
    await expect(verifyPlaidWebhook({ body, header })).resolves.toBeUndefined();
    await expect(verifyPlaidWebhook({ body, header: await plaid.sign(body) })).resolves.toBeUndefined();
    const fetched = plaid.calls.filter((c) => c.path === "/webhook_verification_key/get");
    expect(fetched.length - before).toBe(1);
    expect(fetched.at(-1)?.body.key_id).toBe((await plaid.signingKey()).kid);
  });

  it("refuses a signature by another key under Plaid's kid", async () => {
    const other = await generateKeyPair("ES256");
    expect(await refusal(await plaid.sign(body, { key: other.privateKey }))).toMatch(/bad signature/);
  });

  it("refuses a body that is not the one signed (hash mismatch), even by one byte", async () => {
    const header = await plaid.sign(body);
    expect(await refusal(header, { body: body.replace("item-1", "item-2") })).toMatch(/body does not match/);
    expect(await refusal(await plaid.sign(body, { bodyHash: createHash("sha256").update("other").digest("hex") }))).toMatch(/body does not match/);
  });

  it("refuses a JWT issued more than five minutes ago, accepts one just inside", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusal(await plaid.sign(body, { iat: now - 301 }))).toMatch(/too old/);
    await expect(verifyPlaidWebhook({ body, header: await plaid.sign(body, { iat: now - 290 }) })).resolves.toBeUndefined();
    expect(await refusal(await plaid.sign(body, { iat: now + 3600 }))).toMatch(/future/);
  });

  it("refuses HS256 (even keyed with the public key) and alg none before fetching any key", async () => {
    const k = await plaid.signingKey();
    const payload = b64url({ iat: Math.floor(Date.now() / 1000), request_body_sha256: createHash("sha256").update(body).digest("hex") });
    const hsHeader = b64url({ alg: "HS256", kid: k.kid, typ: "JWT" });
    const hs = `${hsHeader}.${payload}.${createHmac("sha256", JSON.stringify(k.publicJwk)).update(`${hsHeader}.${payload}`).digest("base64url")}`;
    const none = `${b64url({ alg: "none", kid: k.kid, typ: "JWT" })}.${payload}.`;
    const before = plaid.calls.length;
    expect(await refusal(hs)).toMatch(/"HS256" is not allowed/);
    expect(await refusal(none)).toMatch(/"none" is not allowed/);
    expect(plaid.calls.length).toBe(before);
  });

  it("refuses an unknown kid (Plaid does not know the key), a missing header and garbage", async () => {
    expect(await refusal(await plaid.sign(body, { kid: "not-a-plaid-key" }))).toMatch(/unknown key/);
    expect(await refusal(null)).toMatch(/header missing/);
    expect(await refusal("not.a.jwt")).toMatch(/not a JWT/);
  });

  it("caches an unknown kid briefly (negative cache): a made-up key id costs one call to Plaid, not one per webhook, and is asked again after the TTL", async () => {
    const lookups = () => plaid.calls.filter((c) => c.path === "/webhook_verification_key/get" && c.body.key_id === "made-up-kid").length;
    const before = lookups();
    const now = new Date();
    for (let i = 0; i < 5; i++) {
      expect(await refusal(await plaid.sign(body, { kid: "made-up-kid" }), { now: new Date(now.getTime() + i * 1000) })).toMatch(/unknown key/);
    }
    expect(lookups() - before).toBe(1);
    expect(await refusal(await plaid.sign(body, { kid: "made-up-kid" }), { now: new Date(now.getTime() + UNKNOWN_KEY_TTL_MS + 1000) })).toMatch(/unknown key/);
    expect(lookups() - before).toBe(2);
    // A key id no Plaid key could have is refused without asking.
    expect(await refusal(await plaid.sign(body, { kid: "k".repeat(500) }))).toMatch(/too long/);
    expect(plaid.calls.filter((c) => c.path === "/webhook_verification_key/get" && String(c.body.key_id).length > 128)).toEqual([]);
  });

  it("refuses a key Plaid has marked expired", async () => {
    plaid.state.keyExpiredAt = Math.floor(Date.now() / 1000) - 10;
    expect(await refusal(await plaid.sign(body))).toMatch(/expired/);
  });
});
