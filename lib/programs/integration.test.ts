import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider } from "@/lib/providers/create-provider";
import { getIntegration, revealWebhookSecret, rotateProgramWebhookSecret, saveShopSecrets } from "./get-integration";
import { listDeliveries } from "./list-deliveries";
import { activeWebhookSecrets } from "./webhook-secrets";

const short = () => randomUUID().slice(0, 8);

async function business() {
  const owner = await db.user.create({ data: { email: `o-${short()}@integration.test`, passwordHash: "x" } });
  const created = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 500, processingMode: "AUTOMATIC", holdDays: 14 });
  return { providerId: created.providerId, programId: created.programId };
}

describe("getIntegration", () => {
  it("gives the program id and its three endpoints, and no secret", async () => {
    const { providerId, programId } = await business();
    await revealWebhookSecret(db, providerId, programId);
    await saveShopSecrets(db, providerId, programId, { shopify: "shpss_key" });
    const page = await getIntegration(db, providerId, programId);
    expect(page).toMatchObject({
      programId,
      eventsUrl: expect.stringMatching(new RegExp(`/api/v1/programs/${programId}/events$`)),
      shopifyUrl: expect.stringMatching(new RegExp(`/api/v1/programs/${programId}/shopify$`)),
      woocommerceUrl: expect.stringMatching(new RegExp(`/api/v1/programs/${programId}/woocommerce$`)),
      shopifySecretSet: true,
      woocommerceSecretSet: false,
      previousSecretValidUntil: null,
    });
    const text = JSON.stringify(page);
    expect(text).not.toContain("whsec_");
    expect(text).not.toContain("shpss_key");
  });

  it("reveals and rotates the secret; the old one keeps verifying", async () => {
    const { providerId, programId } = await business();
    const { secret } = await revealWebhookSecret(db, providerId, programId);
    expect(secret).toMatch(/^whsec_/);
    expect((await revealWebhookSecret(db, providerId, programId)).secret).toBe(secret);
    const rotated = await rotateProgramWebhookSecret(db, providerId, programId);
    expect(rotated.secret).not.toBe(secret);
    expect(await activeWebhookSecrets(db, programId)).toEqual([rotated.secret, secret]);
    expect((await getIntegration(db, providerId, programId)).previousSecretValidUntil).toEqual(rotated.previousValidUntil);
  });

  it("shows another provider's program to no one", async () => {
    const a = await business();
    const b = await business();
    const secretsBefore = await activeWebhookSecrets(db, a.programId);
    await expect(getIntegration(db, b.providerId, a.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(revealWebhookSecret(db, b.providerId, a.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(rotateProgramWebhookSecret(db, b.providerId, a.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(saveShopSecrets(db, b.providerId, a.programId, { woocommerce: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getIntegration(db, a.providerId, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await activeWebhookSecrets(db, a.programId)).toEqual(secretsBefore);
    expect((await db.program.findUniqueOrThrow({ where: { id: a.programId } })).wooWebhookSecret).toBeNull();
  });
});

describe("listDeliveries", () => {
  it("lists only this program's deliveries, newest first, at most the limit", async () => {
    const a = await business();
    const b = await business();
    const t = Date.now();
    for (let i = 0; i < 3; i++) {
      await db.webhookDelivery.create({
        data: { programId: a.programId, channel: "generic", webhookId: `a-${i}`, eventType: "order.paid", orderId: `o-${i}`, status: "ACCEPTED", httpStatus: 202, createdAt: new Date(t + i * 1000) },
      });
    }
    await db.webhookDelivery.create({ data: { programId: b.programId, channel: "shopify", status: "REJECTED", httpStatus: 401, reason: "bad signature" } });

    const rows = await listDeliveries(db, a.providerId, a.programId);
    expect(rows.map((r) => r.orderId)).toEqual(["o-2", "o-1", "o-0"]);
    expect(await listDeliveries(db, a.providerId, a.programId, 2)).toHaveLength(2);
    expect(await listDeliveries(db, b.providerId, b.programId)).toMatchObject([{ channel: "shopify", status: "REJECTED", reason: "bad signature" }]);
    await expect(listDeliveries(db, b.providerId, a.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("is empty for a program that has received nothing", async () => {
    const { providerId, programId } = await business();
    expect(await listDeliveries(db, providerId, programId)).toEqual([]);
  });
});
