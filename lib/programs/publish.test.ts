import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { onboardProvider } from "@/lib/providers/onboard-provider";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";
import { getOnboardingChecklist } from "./get-onboarding-checklist";
import { findPublicProgram } from "./get-public-program";
import { setProgramPublished } from "./set-program-published";

const short = () => randomUUID().slice(0, 8);
const person = () => db.user.create({ data: { email: `u-${short()}@publish.test`, passwordHash: "x" } });

async function business() {
  const owner = await person();
  const created = await onboardProvider(db, owner.id, { name: "Corner Café", slug: `corner-${short()}`, currency: "EUR" });
  return { ...created, owner };
}

/** What a program page needs before it goes live: a rule that pays, and a few words about the business. */
const makeReady = (programId: string) =>
  db.program.update({ where: { id: programId }, data: { ruleSet: serializeRuleSet(percentageRuleSet(500)), description: "Coffee and cake." } });

describe("setProgramPublished", () => {
  it("lets the owner publish and unpublish, setting publishedAt and writing the audit log", async () => {
    const b = await business();
    await makeReady(b.programId);
    const input = { providerId: b.providerId, programId: b.programId, userId: b.owner.id };
    const published = await setProgramPublished(db, { ...input, published: true });
    expect(published).toMatchObject({ published: true, changed: true });
    expect(await db.program.findUniqueOrThrow({ where: { id: b.programId } })).toMatchObject({ published: true, publishedAt: expect.any(Date) });
    // Publishing twice is a no-op, not a second audit entry.
    expect(await setProgramPublished(db, { ...input, published: true })).toMatchObject({ changed: false });

    await setProgramPublished(db, { ...input, published: false });
    expect(await db.program.findUniqueOrThrow({ where: { id: b.programId } })).toMatchObject({ published: false, publishedAt: null });
    const actions = await db.auditLog.findMany({ where: { programId: b.programId, action: { in: ["program.publish", "program.unpublish"] } }, orderBy: { id: "asc" } });
    expect(actions.map((a) => [a.action, a.actorId])).toEqual([
      ["program.publish", b.owner.id],
      ["program.unpublish", b.owner.id],
    ]);
  });

  it("refuses to publish a program that pays nothing or says nothing about the business, naming what is missing", async () => {
    const b = await business();
    const input = { providerId: b.providerId, programId: b.programId, userId: b.owner.id, published: true };
    await expect(setProgramPublished(db, input)).rejects.toMatchObject({
      code: "CONFLICT",
      reason: "not_ready_to_publish",
      message: "Publishing needs a cashback rule that pays something (Rules) and a logo or a description of your business (Branding).",
    });
    await db.program.update({ where: { id: b.programId }, data: { description: "Coffee and cake." } });
    await expect(setProgramPublished(db, input)).rejects.toMatchObject({ message: "Publishing needs a cashback rule that pays something (Rules)." });
    const checklist = await getOnboardingChecklist(db, b.providerId);
    expect(checklist?.items.find((i) => i.key === "rules")).toMatchObject({ done: false });
    expect(checklist?.items.find((i) => i.key === "publish")).toMatchObject({ done: false, description: "Publishing needs a cashback rule that pays something (Rules)." });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).published).toBe(false);

    await makeReady(b.programId);
    expect(await setProgramPublished(db, input)).toMatchObject({ published: true });
  });

  it("refuses managers, cashiers and other tenants", async () => {
    const b = await business();
    const other = await business();
    for (const role of ["MANAGER", "CASHIER"] as const) {
      const u = await person();
      await addStaff(db, { providerId: b.providerId, userId: u.id, role });
      await expect(setProgramPublished(db, { providerId: b.providerId, programId: b.programId, userId: u.id, published: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(setProgramPublished(db, { providerId: other.providerId, programId: b.programId, userId: other.owner.id, published: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).published).toBe(false);
    expect(await db.auditLog.count({ where: { programId: b.programId, action: "program.publish" } })).toBe(0);
  });
});

describe("findPublicProgram", () => {
  it("hides an unpublished program from visitors, members and other businesses, but previews it to its own staff", async () => {
    const b = await business();
    const other = await business();
    const cashier = await person();
    await addStaff(db, { providerId: b.providerId, userId: cashier.id, role: "CASHIER" });
    const stranger = await person();

    expect(await findPublicProgram(db, b.slug)).toBeNull();
    expect(await findPublicProgram(db, b.slug, stranger.id)).toBeNull();
    expect(await findPublicProgram(db, b.slug, other.owner.id)).toBeNull();
    expect(await findPublicProgram(db, b.slug, b.owner.id)).toMatchObject({ published: false, view: { name: "Corner Café" } });
    expect(await findPublicProgram(db, b.slug, cashier.id)).toMatchObject({ published: false });

    await makeReady(b.programId);
    await setProgramPublished(db, { providerId: b.providerId, programId: b.programId, userId: b.owner.id, published: true });
    expect(await findPublicProgram(db, b.slug)).toMatchObject({ published: true, view: { name: "Corner Café", membershipLabel: "Free to join" } });
  });

  it("summarises the base rule and the membership price, and shows a suspended business's page as paused", async () => {
    const owner = await person();
    const slug = `rate-${short()}`;
    const created = await createProvider(db, { name: "Rate Shop", slug, ownerUserId: owner.id, cashbackBps: 500 });
    await db.program.update({ where: { id: created.programId }, data: { membershipPriceMinor: 499n, membershipInterval: "MONTH" } });
    expect(await findPublicProgram(db, slug)).toMatchObject({ view: { earnHeadline: "5% cashback", membershipLabel: "€4.99 per month" } });
    expect(await findPublicProgram(db, slug)).toMatchObject({ paused: false });
    await db.provider.update({ where: { id: created.providerId }, data: { status: "SUSPENDED" } });
    expect(await findPublicProgram(db, slug)).toMatchObject({ published: true, paused: true });
    await db.provider.update({ where: { id: created.providerId }, data: { status: "PENDING" } });
    expect(await findPublicProgram(db, slug)).toBeNull();
  });

  it("answers null for malformed and unknown slugs", async () => {
    expect(await findPublicProgram(db, "../etc")).toBeNull();
    expect(await findPublicProgram(db, `nope-${short()}`)).toBeNull();
  });
});
