import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { addStaff } from "@/lib/providers/add-staff";
import { onboardProvider } from "@/lib/providers/onboard-provider";
import { readStoredImage } from "@/lib/uploads/store-image";
import { setProgramImage } from "./set-program-image";
import { getProgramBranding, updateProgramBranding } from "./update-program-branding";

const short = () => randomUUID().slice(0, 8);
let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "boomerang-branding-"));
  process.env.UPLOAD_DIR = dir;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function person() {
  return db.user.create({ data: { email: `b-${short()}@branding.test`, passwordHash: "x" } });
}

async function business() {
  const owner = await person();
  const created = await onboardProvider(db, owner.id, { name: "Bloom", slug: `bloom-${short()}`, currency: "EUR" });
  const staff = async (role: StaffRole) => {
    const u = await person();
    await addStaff(db, { providerId: created.providerId, userId: u.id, role });
    return u;
  };
  return { ...created, owner, staff };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const png = (width = 40, height = 40) => sharp({ create: { width, height, channels: 3, background: "#e11d48" } }).png().toBuffer();

const values = {
  brandColor: "#E11D48",
  description: "Bread and pastries since 1998.",
  address: "1 Rue du Pain, Lyon",
  contactEmail: "Hello@Bloom.test",
  contactPhone: "+33 4 12 34 56 78",
  website: "https://bloom.example",
  openingHours: "Mon–Sat 7:00–19:00",
  socialLinks: [{ label: "Instagram", url: "https://instagram.com/bloom" }],
};

describe("updateProgramBranding", () => {
  it("lets a manager save the profile and records before → after in the audit log", async () => {
    const b = await business();
    const manager = await b.staff("MANAGER");
    const result = await updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: manager.id, values });
    expect(result.changed.sort()).toEqual(["address", "brandColor", "contactEmail", "contactPhone", "description", "openingHours", "socialLinks", "website"]);

    const saved = await getProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: manager.id });
    expect(saved).toMatchObject({ brandColor: "#e11d48", contactEmail: "hello@bloom.test", socialLinks: values.socialLinks, description: values.description });

    const audit = await db.auditLog.findFirstOrThrow({ where: { programId: b.programId, action: "program.branding.update" } });
    expect(audit).toMatchObject({ actorId: manager.id, before: { brandColor: "#0f766e", description: null, socialLinks: [] }, after: { brandColor: "#e11d48", description: values.description } });

    // Saving the same values again changes and records nothing; emptying a field clears it.
    expect((await updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: manager.id, values })).changed).toEqual([]);
    await updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: b.owner.id, values: { ...values, website: "" } });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).website).toBeNull();
    expect(await db.auditLog.count({ where: { programId: b.programId, action: "program.branding.update" } })).toBe(2);
  });

  it("refuses a cashier and another business's staff, changing nothing", async () => {
    const b = await business();
    const cashier = await b.staff("CASHIER");
    const other = await business();
    expect(await failure(updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: cashier.id, values }))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    // Another tenant's owner, with their own provider id or with this one: the program is not theirs.
    expect(await failure(updateProgramBranding(db, { providerId: other.providerId, programId: b.programId, userId: other.owner.id, values }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: other.owner.id, values }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).brandColor).toBe("#0f766e");
    expect(await db.auditLog.count({ where: { programId: b.programId, action: "program.branding.update" } })).toBe(0);
  });

  it.each([
    [{ brandColor: "red" }, "brandColor"],
    [{ brandColor: "#12345" }, "brandColor"],
    [{ contactEmail: "not-an-email" }, "contactEmail"],
    [{ website: "http://plain.example" }, "website"],
    [{ website: "javascript:alert(1)" }, "website"],
    [{ contactPhone: "call me" }, "contactPhone"],
    [{ description: "x".repeat(1001) }, "description"],
    [{ socialLinks: [{ label: "Insta", url: "http://insecure.example" }] }, "socialLinks.0.url"],
    [{ socialLinks: [{ label: "", url: "https://ok.example" }] }, "socialLinks.0.label"],
  ])("refuses %o with a 400 naming the field", async (patch, field) => {
    const b = await business();
    const error = await failure(updateProgramBranding(db, { providerId: b.providerId, programId: b.programId, userId: b.owner.id, values: { ...values, ...patch } }));
    expect(error).toMatchObject({ code: "VALIDATION", field, status: 400 });
  });
});

describe("setProgramImage", () => {
  it("stores a logo, replaces it (deleting the old file) and removes it, each audit-logged", async () => {
    const b = await business();
    const manager = await b.staff("MANAGER");
    const input = { providerId: b.providerId, programId: b.programId, userId: manager.id, kind: "logo" as const };
    const first = await setProgramImage(db, { ...input, file: await png() });
    expect(first.url).toMatch(/^\/media\/logo\/.+\.webp$/);
    expect(first.key).not.toBeNull();
    expect(await readStoredImage(first.key ?? "")).not.toBeNull();

    const second = await setProgramImage(db, { ...input, file: await png(80, 60) });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).logoKey).toBe(second.key);
    expect(await readStoredImage(first.key ?? "")).toBeNull();

    await setProgramImage(db, { ...input, file: null });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).logoKey).toBeNull();
    expect(await readStoredImage(second.key ?? "")).toBeNull();
    const audit = await db.auditLog.findMany({ where: { programId: b.programId, action: "program.branding.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.after)).toEqual([{ logoKey: first.key }, { logoKey: second.key }, { logoKey: null }]);
  });

  it("refuses a file that is not an image (400) and one that is too large (413), keeping the current logo", async () => {
    const b = await business();
    const input = { providerId: b.providerId, programId: b.programId, userId: b.owner.id, kind: "logo" as const };
    const kept = await setProgramImage(db, { ...input, file: await png() });
    expect(await failure(setProgramImage(db, { ...input, file: Buffer.from("%PDF-1.7 not an image") }))).toMatchObject({ code: "VALIDATION", status: 400, field: "logo" });
    expect(await failure(setProgramImage(db, { ...input, file: Buffer.alloc(2 * 1024 * 1024 + 1, 1) }))).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413, field: "logo" });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).logoKey).toBe(kept.key);
    expect(await readStoredImage(kept.key ?? "")).not.toBeNull();
  });

  it("refuses a cashier and another tenant before storing anything", async () => {
    const b = await business();
    const cashier = await b.staff("CASHIER");
    const other = await business();
    const file = await png();
    expect(await failure(setProgramImage(db, { providerId: b.providerId, programId: b.programId, userId: cashier.id, kind: "cover", file }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(setProgramImage(db, { providerId: other.providerId, programId: b.programId, userId: other.owner.id, kind: "cover", file }))).toMatchObject({ code: "NOT_FOUND" });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).coverKey).toBeNull();
  });
});
