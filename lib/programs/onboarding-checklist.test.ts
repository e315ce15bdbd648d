import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { onboardProvider } from "@/lib/providers/onboard-provider";
import { serializeRuleSet } from "@/lib/rules";
import { getOnboardingChecklist } from "./get-onboarding-checklist";
import { describeEarning, membershipLabel } from "./program-page-view";

const short = () => randomUUID().slice(0, 8);

describe("getOnboardingChecklist", () => {
  it("starts with every step open and completes step by step", async () => {
    const owner = await db.user.create({ data: { email: `o-${short()}@checklist.test`, passwordHash: "x" } });
    const { providerId, programId } = await onboardProvider(db, owner.id, { name: "Steps", slug: `steps-${short()}`, currency: "EUR" });
    const done = async () => Object.fromEntries((await getOnboardingChecklist(db, providerId))?.items.map((i) => [i.key, i.done]) ?? []);

    expect(await done()).toEqual({ branding: false, rules: false, shop: false, staff: false, payments: false, publish: false });
    await db.program.update({ where: { id: programId }, data: { description: "   " } });
    expect((await done()).branding).toBe(false);
    await db.program.update({ where: { id: programId }, data: { description: "Fresh bread" } });
    await db.program.update({ where: { id: programId }, data: { ruleSet: serializeRuleSet({ base: { type: "flat", amountMinor: 50n } }) } });
    await db.program.update({ where: { id: programId }, data: { shopifyWebhookSecret: "shpss_x" } });
    expect(await done()).toEqual({ branding: true, rules: true, shop: true, staff: false, payments: false, publish: false });
    await db.staffInvitation.create({ data: { providerId, email: `c-${short()}@checklist.test`, role: "CASHIER" } });
    expect((await getOnboardingChecklist(db, providerId))?.complete).toBe(false);
    await db.program.update({ where: { id: programId }, data: { published: true, publishedAt: new Date() } });
    // Connecting Stripe is optional (only a paid membership needs it): the checklist is complete without it.
    expect(await getOnboardingChecklist(db, providerId)).toMatchObject({ complete: true });
    await db.providerConnectAccount.create({ data: { providerId, stripeAccountId: `acct_${short()}`, chargesEnabled: false } });
    expect((await done()).payments).toBe(false);
    await db.providerConnectAccount.update({ where: { providerId }, data: { chargesEnabled: true } });
    expect((await done()).payments).toBe(true);
  });
});

describe("describeEarning", () => {
  it("summarises percentage, flat and tiered base rules", () => {
    expect(describeEarning({ base: { type: "percentage", bps: 250 } }, "EUR")).toEqual({ earnHeadline: "2.5% cashback", earnDetail: null });
    expect(describeEarning({ base: { type: "flat", amountMinor: "50" } }, "PTS").earnHeadline).toBe("50 pts back on every purchase");
    const tiered = describeEarning(
      {
        base: {
          type: "tiered",
          brackets: [
            { fromMinor: "0", upToMinor: "2000", reward: { type: "flat", amountMinor: "50" } },
            { fromMinor: "2000", reward: { type: "flat", amountMinor: "200" } },
          ],
        },
      },
      "PTS",
    );
    expect(tiered.earnHeadline).toBe("Up to 200 pts back per purchase");
    expect(tiered.earnDetail).toContain("200 pts");
    expect(describeEarning({ nonsense: true }, "EUR")).toEqual({ earnHeadline: "Cashback on your purchases", earnDetail: null });
  });

  it("labels the membership price", () => {
    expect(membershipLabel(null, null, "EUR")).toBe("Free to join");
    expect(membershipLabel(1999n, "YEAR", "GBP")).toBe("£19.99 per year");
  });
});
