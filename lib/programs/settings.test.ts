import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { getProgramSettings, updateProgramSettings } from "./update-program-settings";

const short = () => randomUUID().slice(0, 8);
const actor = { type: "USER" as const, id: "manager" };

async function business(processingMode: "AUTOMATIC" | "MANUAL" = "AUTOMATIC") {
  const owner = await db.user.create({ data: { email: `o-${short()}@settings.test`, passwordHash: "x" } });
  return createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode, holdDays: 14 });
}

const form = { processingMode: "AUTOMATIC", holdDays: "14", reviewThreshold: "", cashierDailyCap: "", velocityLimitPerDay: "" };

describe("updateProgramSettings", () => {
  it("saves typed values in minor units and reports what changed", async () => {
    const { providerId, programId } = await business();
    const result = await updateProgramSettings(db, providerId, programId, { ...form, holdDays: "0", reviewThreshold: "25", cashierDailyCap: "€ 50,50", velocityLimitPerDay: "5" }, actor);
    expect(result.changes).toEqual([
      { field: "holdDays", from: "14", to: "0" },
      { field: "reviewThreshold", from: null, to: "2500" },
      { field: "cashierDailyCap", from: null, to: "5050" },
      { field: "velocityLimitPerDay", from: null, to: "5" },
    ]);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ holdDays: 0, reviewThresholdMinor: 2500n, cashierDailyCapMinor: 5050n, velocityLimitPerDay: 5, reviewQueue: 0 });

    // Empty means no limit again.
    await updateProgramSettings(db, providerId, programId, form, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ holdDays: 14, reviewThresholdMinor: null, cashierDailyCapMinor: null, velocityLimitPerDay: null });
  });

  it("saves the cashier daily spend cap and the voucher validity, and keeps them when left out", async () => {
    const { providerId, programId } = await business();
    const result = await updateProgramSettings(db, providerId, programId, { ...form, cashierDailySpendCap: "30", voucherValidityDays: "14" }, actor);
    expect(result.changes).toEqual([
      { field: "cashierDailySpendCap", from: null, to: "3000" },
      { field: "voucherValidityDays", from: "7", to: "14" },
    ]);
    await updateProgramSettings(db, providerId, programId, form, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ cashierDailySpendCapMinor: 3000n, voucherValidityDays: 14 });
    await updateProgramSettings(db, providerId, programId, { ...form, cashierDailySpendCap: "" }, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ cashierDailySpendCapMinor: null, voucherValidityDays: 14 });
  });

  it.each([
    [{ voucherValidityDays: "0" }, "voucherValidityDays"],
    [{ voucherValidityDays: "91" }, "voucherValidityDays"],
    [{ cashierDailySpendCap: "0" }, "cashierDailySpendCap"],
    [{ holdDays: "31" }, "holdDays"],
    [{ holdDays: "-1" }, "holdDays"],
    [{ holdDays: "2.5" }, "holdDays"],
    [{ processingMode: "SOMETIMES" }, "processingMode"],
    [{ reviewThreshold: "12.345" }, "reviewThreshold"],
    [{ reviewThreshold: "-5" }, "reviewThreshold"],
    [{ cashierDailyCap: "0" }, "cashierDailyCap"],
    [{ cashierDailyCap: "lots" }, "cashierDailyCap"],
    [{ velocityLimitPerDay: "0" }, "velocityLimitPerDay"],
    [{ velocityLimitPerDay: "1.5" }, "velocityLimitPerDay"],
  ])("refuses %o naming the field", async (patch, field) => {
    const { providerId, programId } = await business();
    const before = await getProgramSettings(db, providerId, programId);
    const error = await updateProgramSettings(db, providerId, programId, { ...form, ...patch }, actor).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION", field, message: expect.stringContaining(`${field}: `) });
    expect(await getProgramSettings(db, providerId, programId)).toEqual(before);
  });

  it("changes nothing of another provider's program", async () => {
    const a = await business();
    const b = await business();
    await expect(updateProgramSettings(db, b.providerId, a.programId, { ...form, holdDays: "3" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getProgramSettings(db, b.providerId, a.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await getProgramSettings(db, a.providerId, a.programId)).holdDays).toBe(14);
  });

  it("refuses to go automatic over a review queue, leaving everything unchanged, then approves it when asked", async () => {
    const { providerId, programId } = await business("MANUAL");
    const user = await db.user.create({ data: { email: `m-${short()}@settings.test`, passwordHash: "x" } });
    const member = await joinProgram(db, { userId: user.id, programId });
    await recordPurchase(db, { programId, source: "WEBHOOK", orderId: "o-1", origin: {}, amountMinor: 1000n, currency: "EUR", customer: { memberId: member.id }, actor });
    expect((await getProgramSettings(db, providerId, programId)).reviewQueue).toBe(1);

    await expect(updateProgramSettings(db, providerId, programId, { ...form, holdDays: "7" }, actor)).rejects.toMatchObject({ code: "CONFLICT", field: "processQueue" });
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ processingMode: "MANUAL", holdDays: 14, reviewQueue: 1 });

    const result = await updateProgramSettings(db, providerId, programId, { ...form, holdDays: "7", processQueue: "true" }, actor);
    expect(result).toMatchObject({ approved: 1, changes: [{ field: "processingMode", from: "MANUAL", to: "AUTOMATIC" }, { field: "holdDays", from: "14", to: "7" }] });
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ processingMode: "AUTOMATIC", holdDays: 7, reviewQueue: 0 });
  });

  it("refuses to make the program paid until the business's Stripe account can accept charges, and says why", async () => {
    const { providerId, programId } = await business();
    const paid = { ...form, membershipPrice: "4.99", membershipInterval: "MONTH" };
    await expect(updateProgramSettings(db, providerId, programId, paid, actor)).rejects.toMatchObject({ code: "CONFLICT", field: "membershipPrice", message: expect.stringMatching(/Connect your Stripe account/) });
    await db.providerConnectAccount.create({ data: { providerId, stripeAccountId: `acct_${short()}`, chargesEnabled: false } });
    await expect(updateProgramSettings(db, providerId, programId, paid, actor)).rejects.toMatchObject({ code: "CONFLICT", field: "membershipPrice" });
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ membershipPriceMinor: null, membershipInterval: null });
    await db.providerConnectAccount.update({ where: { providerId }, data: { chargesEnabled: true } });
    await updateProgramSettings(db, providerId, programId, paid, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ membershipPriceMinor: 499n, membershipInterval: "MONTH" });
    // Stripe disables the account later: the program keeps its price and its other settings stay saveable.
    await db.providerConnectAccount.update({ where: { providerId }, data: { chargesEnabled: false } });
    await updateProgramSettings(db, providerId, programId, { ...paid, holdDays: "3" }, actor);
    await expect(updateProgramSettings(db, providerId, programId, { ...paid, membershipPrice: "5.99" }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("saves a paid membership and an expiry, audit-logging before → after, and goes back to free / never", async () => {
    const { providerId, programId } = await business();
    await db.providerConnectAccount.create({ data: { providerId, stripeAccountId: `acct_${short()}`, chargesEnabled: true } });
    const result = await updateProgramSettings(db, providerId, programId, { ...form, membershipPrice: "4.99", membershipInterval: "MONTH", expiryMonths: "12" }, actor);
    expect(result.changes).toEqual([
      { field: "membershipPrice", from: null, to: "499" },
      { field: "membershipInterval", from: null, to: "MONTH" },
      { field: "expiryMonths", from: null, to: "12" },
    ]);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ membershipPriceMinor: 499n, membershipInterval: "MONTH", expiryMonths: 12 });
    const audit = await db.auditLog.findFirstOrThrow({ where: { programId, action: "program.settings.update" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({
      actorType: "USER",
      actorId: "manager",
      providerId,
      before: { membershipPriceMinor: null, membershipInterval: null, expiryMonths: null },
      after: { membershipPriceMinor: "499", membershipInterval: "MONTH", expiryMonths: 12 },
    });

    // Leaving the new fields out keeps them (older clients); empty values mean free and never.
    await updateProgramSettings(db, providerId, programId, { ...form, holdDays: "7" }, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ holdDays: 7, membershipPriceMinor: 499n, expiryMonths: 12 });
    const latest = await db.auditLog.findFirstOrThrow({ where: { programId, action: "program.settings.update" }, orderBy: { id: "desc" } });
    expect(latest).toMatchObject({ before: { holdDays: 14 }, after: { holdDays: 7 } });
    await updateProgramSettings(db, providerId, programId, { ...form, membershipPrice: "", membershipInterval: "", expiryMonths: "" }, actor);
    expect(await getProgramSettings(db, providerId, programId)).toMatchObject({ membershipPriceMinor: null, membershipInterval: null, expiryMonths: null });
    expect(await db.auditLog.count({ where: { programId, action: "program.settings.update" } })).toBe(3);
  });

  it("writes no audit entry when nothing changed", async () => {
    const { providerId, programId } = await business();
    expect((await updateProgramSettings(db, providerId, programId, form, actor)).changes).toEqual([]);
    expect(await db.auditLog.count({ where: { programId, action: "program.settings.update" } })).toBe(0);
  });

  it.each([
    [{ membershipPrice: "4.99" }, "membershipInterval"],
    [{ membershipPrice: "4.99", membershipInterval: "" }, "membershipInterval"],
    [{ membershipInterval: "YEAR" }, "membershipPrice"],
    [{ membershipPrice: "0", membershipInterval: "MONTH" }, "membershipPrice"],
    [{ membershipPrice: "4.99", membershipInterval: "WEEK" }, "membershipInterval"],
    [{ expiryMonths: "0" }, "expiryMonths"],
    [{ expiryMonths: "121" }, "expiryMonths"],
  ])("refuses %o naming the field, changing nothing", async (patch, field) => {
    const { providerId, programId } = await business();
    const before = await getProgramSettings(db, providerId, programId);
    const error = await updateProgramSettings(db, providerId, programId, { ...form, ...patch }, actor).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION", field });
    expect(await getProgramSettings(db, providerId, programId)).toEqual(before);
    expect(await db.auditLog.count({ where: { programId } })).toBe(0);
  });

  it("refuses a paid membership on a points program", async () => {
    const owner = await db.user.create({ data: { email: `p-${short()}@settings.test`, passwordHash: "x" } });
    const { providerId, programId } = await createProvider(db, { name: "Points", slug: `p-${short()}`, ownerUserId: owner.id, currency: "PTS" });
    await expect(updateProgramSettings(db, providerId, programId, { ...form, membershipPrice: "500", membershipInterval: "MONTH" }, actor)).rejects.toMatchObject({ code: "VALIDATION", field: "membershipPrice" });
  });
});
