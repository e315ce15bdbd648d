import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as postEvents } from "@/app/api/v1/programs/[programId]/events/route";
import { POST as postShopify } from "@/app/api/v1/programs/[programId]/shopify/route";
import { POST as postWoo } from "@/app/api/v1/programs/[programId]/woocommerce/route";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { aMember, aProgram, aShop } from "@/tests/support/programs";
import { encryptProgramSecrets } from "./encrypt-program-secrets";
import { getIntegration, revealWebhookSecret } from "./get-integration";
import { rotateWebhookSecret } from "./webhook-secrets";

afterEach(() => {
  vi.unstubAllEnvs();
});

type Raw = { secret: string | null; secret_enc: string | null };
type RawProgram = { shopify_webhook_secret: string | null; shopify_webhook_secret_enc: string | null; woo_webhook_secret: string | null; woo_webhook_secret_enc: string | null };

const stored = (programId: string) =>
  db.$queryRaw<Raw[]>`SELECT secret, secret_enc FROM program_webhook_secrets WHERE program_id = ${programId}::uuid ORDER BY created_at`;
const storedShop = async (programId: string) =>
  (await db.$queryRaw<RawProgram[]>`SELECT shopify_webhook_secret, shopify_webhook_secret_enc, woo_webhook_secret, woo_webhook_secret_enc FROM programs WHERE id = ${programId}::uuid`)[0]!;

const hmac = (body: string, secret: string) => createHmac("sha256", secret).update(body, "utf8").digest("base64");
const key = () => randomBytes(32).toString("base64");

/** The status of a signed delivery at each endpoint: 401 means the stored secret did not verify. */
async function statuses(programId: string, secrets: { events: string; shopify: string; woo: string }, email: string) {
  const params = { params: Promise.resolve({ programId }) };
  const url = (path: string) => `http://localhost/api/v1/programs/${programId}/${path}`;
  const body = JSON.stringify({ type: "order.paid", data: { orderId: `o-${randomUUID()}`, amount: 1000, currency: "EUR", customer: { email } } });
  const id = `msg_${randomUUID()}`;
  const at = new Date();
  const events = await postEvents(
    new NextRequest(url("events"), {
      method: "POST",
      body,
      headers: { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(secrets.events).sign(id, at, body), "x-forwarded-for": "192.0.2.60" },
    }),
    params,
  );
  // A signed body the shop mappers refuse (no id): 400 once the signature verified, 401 if it did not.
  const shopBody = JSON.stringify({ status: "processing" });
  const shopify = await postShopify(
    new NextRequest(url("shopify"), { method: "POST", body: shopBody, headers: { "x-shopify-topic": "orders/paid", "x-shopify-webhook-id": randomUUID(), "x-shopify-hmac-sha256": hmac(shopBody, secrets.shopify), "x-forwarded-for": "192.0.2.60" } }),
    params,
  );
  const woo = await postWoo(
    new NextRequest(url("woocommerce"), { method: "POST", body: shopBody, headers: { "x-wc-webhook-topic": "order.updated", "x-wc-webhook-delivery-id": randomUUID(), "x-wc-webhook-signature": hmac(shopBody, secrets.woo), "x-forwarded-for": "192.0.2.60" } }),
    params,
  );
  return { events: events.status, shopify: shopify.status, woo: woo.status };
}

describe("signing secrets at rest", () => {
  it("stores webhook, Shopify and WooCommerce secrets encrypted (the stored value is not the secret), and signatures still verify", async () => {
    const shop = await aShop();
    const member = await aMember(shop.programId);
    const rows = await stored(shop.programId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secret).toBeNull();
    expect(rows[0]!.secret_enc).not.toContain(shop.secret.slice(6, 30));
    expect(decryptSecret(rows[0]!.secret_enc!)).toBe(shop.secret);
    const raw = await storedShop(shop.programId);
    expect(raw).toMatchObject({ shopify_webhook_secret: null, woo_webhook_secret: null });
    expect(raw.shopify_webhook_secret_enc).not.toContain(shop.shopifySecret);
    expect(raw.woo_webhook_secret_enc).not.toContain(shop.wooSecret);

    expect(await statuses(shop.programId, { events: shop.secret, shopify: shop.shopifySecret, woo: shop.wooSecret }, member.email)).toEqual({ events: 202, shopify: 400, woo: 400 });
    // A rotated secret is stored encrypted too; the Integrations page and the CLI read the secret back.
    const rotated = await rotateWebhookSecret(db, shop.programId);
    expect((await stored(shop.programId)).every((r) => r.secret === null && r.secret_enc !== null && !r.secret_enc.includes(rotated.secret.slice(6, 30)))).toBe(true);
    expect(await revealWebhookSecret(db, shop.providerId, shop.programId)).toEqual({ secret: rotated.secret });
    expect(await getIntegration(db, shop.providerId, shop.programId)).toMatchObject({ shopifySecretSet: true, woocommerceSecretSet: true });
  });

  it("legacy plain-text secrets keep verifying until program:encrypt-secrets encrypts them (clearing the plain column); a second run changes nothing", async () => {
    const { programId, providerId } = await aProgram();
    const member = await aMember(programId);
    // As stored before encryption at rest.
    await db.programWebhookSecret.deleteMany({ where: { programId } });
    const legacy = { events: `whsec_${randomBytes(32).toString("base64")}`, shopify: `shpss_${randomUUID()}`, woo: `woo-${randomUUID()}` };
    await db.programWebhookSecret.create({ data: { programId, secret: legacy.events } });
    await db.program.update({ where: { id: programId }, data: { shopifyWebhookSecret: legacy.shopify, wooWebhookSecret: legacy.woo } });
    expect(await statuses(programId, legacy, member.email)).toEqual({ events: 202, shopify: 400, woo: 400 });
    expect(await getIntegration(db, providerId, programId)).toMatchObject({ shopifySecretSet: true, woocommerceSecretSet: true });

    const result = await encryptProgramSecrets(db);
    expect(result.webhookSecrets).toBeGreaterThanOrEqual(1);
    expect(result.shopSecrets).toBeGreaterThanOrEqual(2);
    const [row] = await stored(programId);
    expect(row).toMatchObject({ secret: null });
    expect(decryptSecret(row!.secret_enc!)).toBe(legacy.events);
    const raw = await storedShop(programId);
    expect(raw).toMatchObject({ shopify_webhook_secret: null, woo_webhook_secret: null });
    expect([decryptSecret(raw.shopify_webhook_secret_enc!), decryptSecret(raw.woo_webhook_secret_enc!)]).toEqual([legacy.shopify, legacy.woo]);
    expect(await statuses(programId, legacy, member.email)).toEqual({ events: 202, shopify: 400, woo: 400 });

    expect(await encryptProgramSecrets(db)).toMatchObject({ webhookSecrets: 0, shopSecrets: 0 });
  });

  it("rotates with the key set: program:encrypt-secrets re-encrypts under the new first key, and the old key can then be dropped", async () => {
    const [a, b] = [key(), key()];
    vi.stubEnv("ENCRYPTION_KEYS", `a:${a}`);
    const shop = await aShop();
    const member = await aMember(shop.programId);
    vi.stubEnv("ENCRYPTION_KEYS", `b:${b},a:${a}`);
    expect(await encryptProgramSecrets(db)).toMatchObject({ currentKey: "b" });
    expect((await stored(shop.programId))[0]!.secret_enc).toMatch(/^v1:b:/);
    expect((await storedShop(shop.programId)).woo_webhook_secret_enc).toMatch(/^v1:b:/);
    vi.stubEnv("ENCRYPTION_KEYS", `b:${b}`);
    expect(await statuses(shop.programId, { events: shop.secret, shopify: shop.shopifySecret, woo: shop.wooSecret }, member.email)).toEqual({ events: 202, shopify: 400, woo: 400 });
  });
});
