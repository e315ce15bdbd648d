import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { ProcessingMode } from "@/lib/db/generated/enums";
import { joinProgram } from "@/lib/members/join-program";
import { setShopSecrets } from "@/lib/programs/shop-secrets";
import { ensureWebhookSecret } from "@/lib/programs/webhook-secrets";
import { createProvider } from "@/lib/providers/create-provider";
import { createUser } from "@/lib/users/create-user";

const short = () => randomUUID().slice(0, 8);

/** A provider with its program (10% cashback, 14-day hold unless told otherwise) and its signing secret. */
export async function aProgram(opts: { cashbackBps?: number; processingMode?: ProcessingMode; holdDays?: number; currency?: "EUR" | "USD" } = {}) {
  const owner = await createUser(db, { email: `owner-${short()}@shop.test`, password: "correct horse battery staple" });
  const slug = `shop-${short()}`;
  const { programId, providerId } = await createProvider(db, { name: slug, slug, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14, ...opts });
  return { programId, providerId, secret: await ensureWebhookSecret(db, programId) };
}

/** A user who joined the program. */
export async function aMember(programId: string, email = `member-${short()}@example.com`) {
  const user = await createUser(db, { email, password: "correct horse battery staple" });
  const member = await joinProgram(db, { userId: user.id, programId });
  return { userId: user.id, memberId: member.id, code: member.code, email };
}

/** Everything a refused request must leave untouched. */
export async function moneyState() {
  const [purchases, rewards, rewardEvents, transactions, entries, processed] = await Promise.all([
    db.purchase.count(),
    db.reward.count(),
    db.rewardEvent.count(),
    db.ledgerTransaction.count(),
    db.ledgerEntry.count(),
    db.processedEvent.count(),
  ]);
  return { purchases, rewards, rewardEvents, transactions, entries, processed };
}

export const uniqueId = short;

/** A program whose Shopify and WooCommerce secrets are set the way the app sets them (lib/programs/shop-secrets). */
export async function aShop(opts: Parameters<typeof aProgram>[0] = {}) {
  const program = await aProgram(opts);
  const shopifySecret = `shpss_${randomUUID()}`;
  const wooSecret = `woo-${randomUUID()}`;
  await setShopSecrets(db, { programId: program.programId, shopify: shopifySecret, woocommerce: wooSecret });
  return { ...program, shopifySecret, wooSecret };
}
