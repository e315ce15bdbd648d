import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { joinProgram } from "@/lib/members/join-program";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { setProcessingMode } from "./set-processing-mode";

const short = () => randomUUID().slice(0, 8);
const actor = { type: "USER" as const, id: "owner" };

async function manualProgramWithQueue(n: number) {
  const owner = await db.user.create({ data: { email: `o-${short()}@mode.test`, passwordHash: "x" } });
  const { programId } = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, processingMode: "MANUAL", holdDays: 14 });
  const user = await db.user.create({ data: { email: `m-${short()}@mode.test`, passwordHash: "x" } });
  const member = await joinProgram(db, { userId: user.id, programId });
  for (let i = 0; i < n; i++) {
    await recordPurchase(db, { programId, source: "WEBHOOK", orderId: `o-${i}`, origin: {}, amountMinor: 1000n, currency: "EUR", customer: { memberId: member.id }, actor });
  }
  return programId;
}

describe("setProcessingMode", () => {
  it("refuses to go automatic while purchases wait for review, and names the way out", async () => {
    const programId = await manualProgramWithQueue(2);
    await expect(setProcessingMode(db, { programId, mode: "AUTOMATIC", actor })).rejects.toMatchObject({ code: "CONFLICT", field: "processQueue" });
    expect((await db.program.findUniqueOrThrow({ where: { id: programId } })).processingMode).toBe("MANUAL");
  });

  it("processes the queue first when asked, then switches", async () => {
    const programId = await manualProgramWithQueue(3);
    expect(await setProcessingMode(db, { programId, mode: "AUTOMATIC", processQueue: true, actor })).toEqual({ mode: "AUTOMATIC", approved: 3 });
    expect(await db.reward.count({ where: { programId, status: "PENDING" } })).toBe(3);
  });

  it("going manual leaves processed orders alone", async () => {
    const programId = await manualProgramWithQueue(0);
    await setProcessingMode(db, { programId, mode: "AUTOMATIC", actor });
    const member = await db.member.findFirstOrThrow({ where: { programId } });
    await recordPurchase(db, { programId, source: "WEBHOOK", orderId: "auto-1", origin: {}, amountMinor: 1000n, currency: "EUR", customer: { memberId: member.id }, actor });
    await setProcessingMode(db, { programId, mode: "MANUAL", actor });
    expect(await db.reward.findFirstOrThrow({ where: { programId } })).toMatchObject({ status: "PENDING", amountMinor: 100n });
  });
});
