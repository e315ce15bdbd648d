import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import type { Currency } from "@/lib/db/generated/enums";
import type { WithdrawalLimits } from "@/lib/withdrawals/limits";

export const HOUR = 60 * 60 * 1000;
export const short = () => randomUUID().slice(0, 8);
export const LIMITS: WithdrawalLimits = { minMinor: { EUR: 1_000n, GBP: 1_000n, USD: 1_000n, CAD: 1_500n }, dailyMinor: 50_000n, monthlyMinor: 80_000n, cooldownHours: 72, approvalAboveMinor: 25_000n, confirmMinutes: 30 };

export type Setup = { userId: string; memberId: string; accountId: string; programId: string };

/**
 * A member with `availableMinor` of available cashback (10% of a purchase, 0-day hold), a linked account and,
 * unless `payoutAccount: false`, a Stripe payout account already onboarded (payouts enabled).
 */
export async function setup(availableMinor: bigint, opts: { currency?: Currency; linkedHoursAgo?: number; payoutAccount?: boolean } = {}): Promise<Setup> {
  const owner = await db.user.create({ data: { email: `owner-${short()}@w.test`, passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `shop-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 0, currency: opts.currency ?? "EUR" });
  const user = await db.user.create({ data: { email: `m-${short()}@w.test`, name: "Mia", passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId: p.programId });
  const outcome = await recordPurchase(db, {
    programId: p.programId,
    source: "WEBHOOK",
    orderId: `o-${short()}`,
    origin: {},
    amountMinor: availableMinor * 10n,
    currency: opts.currency ?? "EUR",
    customer: { memberId: member.id },
    actor: { type: "WEBHOOK" },
  });
  expect(outcome.status === "accepted" && outcome.reward?.status).toBe("AVAILABLE");
  const account = await db.linkedAccount.create({
    data: {
      userId: user.id,
      plaidItemId: `item-${short()}`,
      accessTokenEnc: encryptSecret("access-sandbox-test"),
      plaidAccountId: "acc-checking-1",
      institutionName: "First Platypus Bank",
      mask: "0000",
      linkedAt: new Date(Date.now() - (opts.linkedHoursAgo ?? 100) * HOUR),
    },
  });
  if (opts.payoutAccount !== false) {
    await db.memberPayoutAccount.create({ data: { userId: user.id, stripeAccountId: `acct_test${short().replaceAll("-", "")}`, payoutsEnabled: true, detailsSubmitted: true } });
  }
  return { userId: user.id, memberId: member.id, accountId: account.id, programId: p.programId };
}

