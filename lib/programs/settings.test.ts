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

  it.each([
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
});
