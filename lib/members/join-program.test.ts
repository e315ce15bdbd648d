import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider } from "@/lib/providers/create-provider";
import { joinProgram } from "./join-program";

const short = () => randomUUID().slice(0, 8);

async function program(data: { membershipPriceMinor?: bigint; published?: boolean } = {}) {
  const owner = await db.user.create({ data: { email: `o-${short()}@j.test`, passwordHash: "x" } });
  const p = await createProvider(db, { name: "Shop", slug: `s-${short()}`, ownerUserId: owner.id, cashbackBps: 500 });
  await db.program.update({ where: { id: p.programId }, data: { ...data, ...(data.membershipPriceMinor ? { membershipInterval: "MONTH" } : {}) } });
  return p.programId;
}
const person = () => db.user.create({ data: { email: `p-${short()}@j.test`, passwordHash: "x" } });

describe("joinProgram", () => {
  it("joins a free program once, and brings back a membership that was left", async () => {
    const programId = await program();
    const user = await person();
    const first = await joinProgram(db, { userId: user.id, programId });
    expect((await joinProgram(db, { userId: user.id, programId })).id).toBe(first.id);
    await db.member.update({ where: { id: first.id }, data: { status: "LEFT" } });
    const back = await joinProgram(db, { userId: user.id, programId });
    expect(back).toMatchObject({ id: first.id, code: first.code, status: "ACTIVE" });
  });

  it("refuses a paid program (the checkout starts it) and an unpublished one", async () => {
    const paid = await program({ membershipPriceMinor: 990n });
    const user = await person();
    await expect(joinProgram(db, { userId: user.id, programId: paid })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("paid") });
    expect(await db.member.count({ where: { programId: paid } })).toBe(0);
    const hidden = await program({ published: false });
    await expect(joinProgram(db, { userId: user.id, programId: hidden })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
