import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { checkSlug, onboardProvider } from "./onboard-provider";

const short = () => randomUUID().slice(0, 8);

async function person() {
  return db.user.create({ data: { email: `p-${short()}@onboard.test`, passwordHash: "x" } });
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe("onboardProvider", () => {
  it("creates the business with an unpublished program, the person as owner, a signing secret, rule version 1 and an audit entry", async () => {
    const user = await person();
    const slug = `bloom-${short()}`;
    const created = await onboardProvider(db, user.id, { name: "  Bakery Bloom ", slug: slug.toUpperCase(), currency: "GBP" });
    expect(created.slug).toBe(slug);

    const program = await db.program.findUniqueOrThrow({ where: { id: created.programId } });
    expect(program).toMatchObject({ providerId: created.providerId, name: "Bakery Bloom", slug, currency: "GBP", published: false, publishedAt: null, ruleVersion: 1 });
    expect(await db.staffMember.findMany({ where: { providerId: created.providerId }, select: { userId: true, role: true } })).toEqual([{ userId: user.id, role: "OWNER" }]);
    expect(await db.programWebhookSecret.count({ where: { programId: created.programId } })).toBe(1);

    const versions = await db.ruleSetVersion.findMany({ where: { programId: created.programId } });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, createdById: user.id, ruleSet: program.ruleSet });

    const audit = await db.auditLog.findMany({ where: { providerId: created.providerId } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "provider.create", actorType: "USER", actorId: user.id, programId: created.programId, after: { name: "Bakery Bloom", slug, currency: "GBP", published: false } });
  });

  it("accepts points as the currency", async () => {
    const created = await onboardProvider(db, (await person()).id, { name: "Pointy", slug: `pts-${short()}`, currency: "PTS" });
    expect((await db.program.findUniqueOrThrow({ where: { id: created.programId } })).currency).toBe("PTS");
  });

  it("refuses a taken address with a 409 naming the slug, and creates nothing", async () => {
    const slug = `taken-${short()}`;
    await onboardProvider(db, (await person()).id, { name: "First", slug, currency: "EUR" });
    const second = await person();
    const error = await failure(onboardProvider(db, second.id, { name: "Second", slug, currency: "EUR" }));
    expect(error).toMatchObject({ code: "CONFLICT", field: "slug", status: 409 });
    expect(error.message).toContain(slug);
    expect(await db.staffMember.count({ where: { userId: second.id } })).toBe(0);
    expect(await db.provider.count({ where: { name: "Second" } })).toBe(0);
  });

  it.each([
    [{ slug: "x" }, "slug"],
    [{ slug: "Not a slug!" }, "slug"],
    [{ slug: "-edge-" }, "slug"],
    [{ currency: "JPY" }, "currency"],
    [{ currency: undefined }, "currency"],
    [{ name: " " }, "name"],
  ])("refuses %o with a 400 naming the field", async (patch, field) => {
    const user = await person();
    const error = await failure(onboardProvider(db, user.id, { name: "Shop", slug: `ok-${short()}`, currency: "EUR", ...patch }));
    expect(error).toMatchObject({ code: "VALIDATION", field, status: 400 });
    expect(await db.staffMember.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers whether an address is free, and why not", async () => {
    const slug = `check-${short()}`;
    expect(await checkSlug(db, slug)).toMatchObject({ available: true });
    await onboardProvider(db, (await person()).id, { name: "Check", slug, currency: "EUR" });
    expect(await checkSlug(db, slug)).toMatchObject({ available: false, message: expect.stringContaining(slug) });
    expect(await checkSlug(db, "A!")).toMatchObject({ available: false });
  });
});
