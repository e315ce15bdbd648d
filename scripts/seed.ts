import { db } from "@/lib/db/client";
import { SANDBOX_DEMO_ACCOUNT_ID } from "@/dev/sandbox/stripe/sandbox";
import { hashPassword } from "@/lib/auth/password";
import type { Currency, ProcessingMode } from "@/lib/db/generated/enums";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { ensureWebhookSecret } from "@/lib/programs/webhook-secrets";
import { releaseDueRewards } from "@/lib/rewards/release-due-rewards";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";
import { backdateDemoHistory, seedPurchaseHistory, seedRedemptions } from "./seed-history";

export const DEMO_PASSWORD = "boomerang-demo";

export const DEMO = {
  admin: { email: "admin@boomerang.test", name: "Ada Admin" },
  owner: { email: "owner@aurora.test", name: "Olivia Owner" },
  manager: { email: "manager@aurora.test", name: "Marco Manager" },
  cashier: { email: "cashier@aurora.test", name: "Carl Cashier" },
  members: [
    { email: "maya@example.test", name: "Maya Lind" },
    { email: "leo@example.test", name: "Leo Martin" },
    { email: "sam@example.test", name: "Sam Okafor" },
  ],
  provider: { name: "Café Aurora", slug: "cafe-aurora" },
  /** A second business, so tenants can be told apart (and tests can try to cross between them). */
  bloom: { name: "Bloom Books", slug: "bloom-books", owner: { email: "owner@bloom.test", name: "Bea Bloom" } },
  /** A paid membership (Stripe subscription, €9.90 a month): joined at /join/studio-pulse. */
  pulse: { name: "Studio Pulse", slug: "studio-pulse", priceMinor: 990n },
} as const;

async function upsertUser(email: string, name: string, passwordHash: string, isAdmin = false) {
  return db.user.upsert({ where: { email }, create: { email, name, passwordHash, isAdmin }, update: {} });
}

type DemoProgram = {
  name: string;
  slug: string;
  currency: Currency;
  brandColor: string;
  description: string;
  bps: number;
  holdDays: number;
  processingMode: ProcessingMode;
  reviewThresholdMinor?: bigint;
  cashierDailyCapMinor?: bigint;
  velocityLimitPerDay?: number;
};

async function upsertProgram(p: DemoProgram) {
  const provider = await db.provider.upsert({ where: { slug: p.slug }, create: { name: p.name, slug: p.slug }, update: {} });
  const ruleSet = serializeRuleSet(percentageRuleSet(p.bps));
  const program = await db.program.upsert({
    where: { slug: p.slug },
    create: {
      providerId: provider.id,
      name: p.name,
      slug: p.slug,
      currency: p.currency,
      brandColor: p.brandColor,
      description: p.description,
      ruleSet,
      holdDays: p.holdDays,
      processingMode: p.processingMode,
      reviewThresholdMinor: p.reviewThresholdMinor,
      cashierDailyCapMinor: p.cashierDailyCapMinor,
      velocityLimitPerDay: p.velocityLimitPerDay,
      publishedAt: new Date(),
      ruleVersions: { create: { version: 1, ruleSet, note: "demo rules" } },
    },
    update: {},
  });
  await ensureWebhookSecret(db, program.id);
  return { provider, program };
}

/** Demo data for a first run. Idempotent: running it again changes nothing. */
export async function seedDemo(log: (msg: string) => void = () => {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await upsertUser(DEMO.admin.email, DEMO.admin.name, passwordHash, true);
  const owner = await upsertUser(DEMO.owner.email, DEMO.owner.name, passwordHash);
  const manager = await upsertUser(DEMO.manager.email, DEMO.manager.name, passwordHash);
  const cashier = await upsertUser(DEMO.cashier.email, DEMO.cashier.name, passwordHash);
  const bloomOwner = await upsertUser(DEMO.bloom.owner.email, DEMO.bloom.owner.name, passwordHash);

  const aurora = await upsertProgram({
    ...DEMO.provider,
    currency: "EUR",
    brandColor: "#b45309",
    description: "Specialty coffee and fresh pastries in the old town. Get 5% back on every visit.",
    bps: 500,
    holdDays: 14,
    processingMode: "AUTOMATIC",
    reviewThresholdMinor: 2_000n,
    cashierDailyCapMinor: 10_000n,
    velocityLimitPerDay: 10,
  });
  await addStaff(db, { providerId: aurora.provider.id, userId: owner.id, role: "OWNER" });
  await addStaff(db, { providerId: aurora.provider.id, userId: manager.id, role: "MANAGER" });
  await addStaff(db, { providerId: aurora.provider.id, userId: cashier.id, role: "CASHIER" });
  // Card tracking: members' linked-account transactions at "Cafe Aurora…" earn cashback (lib/banking).
  await db.merchantMatchRule.createMany({ data: [{ programId: aurora.program.id, kind: "NAME", pattern: "Cafe Aurora*" }], skipDuplicates: true });

  const bloom = await upsertProgram({
    name: DEMO.bloom.name,
    slug: DEMO.bloom.slug,
    currency: "EUR",
    brandColor: "#7c3aed",
    description: "An independent bookshop. 3% back on every book, reviewed by hand.",
    bps: 300,
    holdDays: 7,
    processingMode: "MANUAL",
  });
  await addStaff(db, { providerId: bloom.provider.id, userId: bloomOwner.id, role: "OWNER" });

  const pulse = await upsertProgram({
    name: DEMO.pulse.name,
    slug: DEMO.pulse.slug,
    currency: "EUR",
    brandColor: "#be123c",
    description: "A neighbourhood fitness studio. Members pay €9.90 a month and get 10% back at the juice bar.",
    bps: 1000,
    holdDays: 14,
    processingMode: "AUTOMATIC",
  });
  await db.program.update({ where: { id: pulse.program.id }, data: { membershipPriceMinor: DEMO.pulse.priceMinor, membershipInterval: "MONTH" } });
  // Its fees go to a connected account the local Stripe sandbox starts with, already onboarded (with real Stripe
  // keys the owner connects their own account in Settings).
  await db.providerConnectAccount.createMany({
    data: [{ providerId: pulse.provider.id, stripeAccountId: SANDBOX_DEMO_ACCOUNT_ID, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true }],
    skipDuplicates: true,
  });

  let purchases = 0;
  for (const [i, m] of DEMO.members.entries()) {
    const user = await upsertUser(m.email, m.name, passwordHash);
    const member = await joinProgram(db, { userId: user.id, programId: aurora.program.id });
    purchases += await seedPurchaseHistory({ programId: aurora.program.id, currency: "EUR", email: m.email, seed: 1000 + i, count: 14 + i * 4, days: 180, minBasket: 450, maxBasket: 9_500, refundRate: 0.08 });
    if (i > 0) {
      await joinProgram(db, { userId: user.id, programId: bloom.program.id });
      purchases += await seedPurchaseHistory({ programId: bloom.program.id, currency: "EUR", email: m.email, seed: 2000 + i, count: 3, days: 20, minBasket: 1_200, maxBasket: 6_000 });
    }
    await releaseDueRewards(db);
    await seedRedemptions({ programId: aurora.program.id, memberId: member.id, currency: "EUR" });
  }
  // Waiting for a decision at Café Aurora: a large order above the review threshold.
  purchases += await seedPurchaseHistory({ programId: aurora.program.id, currency: "EUR", email: DEMO.members[0].email, seed: 3000, count: 1, days: 1, minBasket: 48_000, maxBasket: 48_001 });
  // Bought before joining: rewarded automatically when this customer signs up and joins.
  purchases += await seedPurchaseHistory({ programId: aurora.program.id, currency: "EUR", email: "newcomer@example.test", seed: 4000, count: 2, days: 10, minBasket: 800, maxBasket: 3_000 });
  await releaseDueRewards(db);
  await backdateDemoHistory();
  // The demo history's notifications are in the app; nobody needs sixty e-mails about the past.
  await db.notification.updateMany({ where: { emailStatus: "PENDING" }, data: { emailStatus: "SKIPPED" } });
  log(`seeded demo data: ${DEMO.provider.slug} and ${DEMO.bloom.slug}, ${DEMO.members.length} members, ${purchases} new purchases`);
}

/** True once the demo data exists (the dev launcher seeds only a database that has none). */
export async function isSeeded(): Promise<boolean> {
  return (await db.user.count({ where: { email: DEMO.admin.email } })) > 0;
}
