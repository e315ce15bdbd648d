import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { joinProgram } from "@/lib/members/join-program";
import { addStaff } from "@/lib/providers/add-staff";
import { seedMemberHistory } from "./seed-ledger";
import { ensureWebhookSecret } from "@/lib/programs/webhook-secrets";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";

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
} as const;

async function upsertUser(email: string, name: string, passwordHash: string, isAdmin = false) {
  return db.user.upsert({ where: { email }, create: { email, name, passwordHash, isAdmin }, update: {} });
}

/** Demo data for a first run. Idempotent: running it again changes nothing. */
export async function seedDemo(log: (msg: string) => void = () => {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await upsertUser(DEMO.admin.email, DEMO.admin.name, passwordHash, true);
  const owner = await upsertUser(DEMO.owner.email, DEMO.owner.name, passwordHash);
  const manager = await upsertUser(DEMO.manager.email, DEMO.manager.name, passwordHash);
  const cashier = await upsertUser(DEMO.cashier.email, DEMO.cashier.name, passwordHash);

  const provider = await db.provider.upsert({
    where: { slug: DEMO.provider.slug },
    create: { name: DEMO.provider.name, slug: DEMO.provider.slug },
    update: {},
  });
  const program = await db.program.upsert({
    where: { slug: DEMO.provider.slug },
    create: {
      providerId: provider.id,
      name: DEMO.provider.name,
      slug: DEMO.provider.slug,
      currency: "EUR",
      brandColor: "#b45309",
      description: "Specialty coffee and fresh pastries in the old town. Get 5% back on every visit.",
      ruleSet: serializeRuleSet(percentageRuleSet(500)),
      holdDays: 14,
      reviewThresholdMinor: 2_000n,
      cashierDailyCapMinor: 10_000n,
      velocityLimitPerDay: 10,
    },
    update: {},
  });
  await ensureWebhookSecret(db, program.id);
  await addStaff(db, { providerId: provider.id, userId: owner.id, role: "OWNER" });
  await addStaff(db, { providerId: provider.id, userId: manager.id, role: "MANAGER" });
  await addStaff(db, { providerId: provider.id, userId: cashier.id, role: "CASHIER" });

  let posted = 0;
  for (const [i, m] of DEMO.members.entries()) {
    const user = await upsertUser(m.email, m.name, passwordHash);
    const member = await joinProgram(db, { userId: user.id, programId: program.id });
    posted += await seedMemberHistory({ memberId: member.id, providerId: provider.id, currency: program.currency, seed: 1000 + i });
  }
  log(`seeded demo data: provider ${provider.slug}, ${DEMO.members.length} members, ${posted} new purchases in the ledger`);
}

/** True once the demo data exists (the dev launcher seeds only a database that has none). */
export async function isSeeded(): Promise<boolean> {
  return (await db.user.count({ where: { email: DEMO.admin.email } })) > 0;
}
