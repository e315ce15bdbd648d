import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { diffRuleSets, listRuleVersions } from "./list-rule-versions";
import { tryRules } from "./try-rules";
import { updateProgramRules } from "./update-program-rules";
import { refusal } from "@/tests/support/refusal";

const short = () => randomUUID().slice(0, 8);

async function user(prefix: string) {
  return db.user.create({ data: { email: `${prefix}-${short()}@rules.test`, name: `${prefix} Person`, passwordHash: "x" } });
}

async function business(bps = 500) {
  const owner = await user("owner");
  const created = await createProvider(db, { name: "Rule Shop", slug: `rules-${short()}`, ownerUserId: owner.id, cashbackBps: bps });
  return { ...created, owner };
}

async function staff(providerId: string, role: StaffRole) {
  const u = await user(role.toLowerCase());
  await addStaff(db, { providerId, userId: u.id, role });
  return u;
}


const onePercent = { base: { type: "percentage", bps: 100 } };

describe("updateProgramRules", () => {
  it("saves a new version: program, version row and audit entry with before → after, in one go", async () => {
    const b = await business(500);
    const result = await updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 1, ruleSet: onePercent, note: " cheaper ", actor: { userId: b.owner.id } });
    expect(result).toEqual({ version: 2, ruleSet: { base: { type: "percentage", bps: 100 } } });
    const program = await db.program.findUniqueOrThrow({ where: { id: b.programId } });
    expect(program.ruleVersion).toBe(2);
    expect(program.ruleSet).toEqual({ base: { type: "percentage", bps: 100 } });

    const versions = await db.ruleSetVersion.findMany({ where: { programId: b.programId }, orderBy: { version: "asc" } });
    // The first rules (from before any edit) are kept as version 1.
    expect(versions.map((v) => [v.version, v.createdById, v.note])).toEqual([
      [1, null, "rules before the first recorded change"],
      [2, b.owner.id, "cheaper"],
    ]);
    expect(versions[0]?.ruleSet).toEqual({ base: { type: "percentage", bps: 500 } });

    const audit = await db.auditLog.findMany({ where: { programId: b.programId, action: "program.rules.update" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      providerId: b.providerId,
      actorType: "USER",
      actorId: b.owner.id,
      reason: "cheaper",
      before: { version: 1, ruleSet: { base: { type: "percentage", bps: 500 } } },
      after: { version: 2, ruleSet: { base: { type: "percentage", bps: 100 } } },
    });

    // A manager may edit too; the version keeps counting.
    const manager = await staff(b.providerId, "MANAGER");
    const third = await updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 2, ruleSet: { base: { type: "flat", amountMinor: "50" } }, actor: { userId: manager.id } });
    expect(third.version).toBe(3);
    expect(await db.ruleSetVersion.count({ where: { programId: b.programId } })).toBe(3);
  });

  it("refuses a stale form with 409 and changes nothing", async () => {
    const b = await business();
    await updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 1, ruleSet: onePercent, actor: { userId: b.owner.id } });
    const error = await refusal(updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 1, ruleSet: { base: { type: "percentage", bps: 900 } }, actor: { userId: b.owner.id } }));
    expect(error.code).toBe("CONFLICT");
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/rules changed since you opened them/);
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).ruleVersion).toBe(2);
    expect(await db.auditLog.count({ where: { programId: b.programId, action: "program.rules.update" } })).toBe(1);
  });

  it("refuses invalid rules with 400 naming the field", async () => {
    const b = await business();
    const bad = await refusal(updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 1, ruleSet: { base: { type: "percentage", bps: 20_000 } }, actor: { userId: b.owner.id } }));
    expect(bad).toMatchObject({ code: "VALIDATION", field: "ruleSet.base.bps" });
    expect(bad.status).toBe(400);
    const dates = await refusal(
      updateProgramRules(db, {
        providerId: b.providerId,
        programId: b.programId,
        expectedVersion: 1,
        ruleSet: { base: { type: "percentage", bps: 100 }, campaigns: [{ name: "Spring", startsAt: "2026-03-10T00:00:00Z", endsAt: "2026-03-01T00:00:00Z", rule: { type: "percentage", bps: 1000 } }] },
        actor: { userId: b.owner.id },
      }),
    );
    expect(dates).toMatchObject({ code: "VALIDATION", field: "ruleSet.campaigns.0.endsAt" });
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).ruleVersion).toBe(1);
  });

  it("refuses a cashier and another tenant", async () => {
    const a = await business();
    const b = await business();
    const cashier = await staff(a.providerId, "CASHIER");
    expect((await refusal(updateProgramRules(db, { providerId: a.providerId, programId: a.programId, expectedVersion: 1, ruleSet: onePercent, actor: { userId: cashier.id } }))).code).toBe("FORBIDDEN");
    // B's owner names A's provider: not staff there.
    expect((await refusal(updateProgramRules(db, { providerId: a.providerId, programId: a.programId, expectedVersion: 1, ruleSet: onePercent, actor: { userId: b.owner.id } }))).code).toBe("NOT_FOUND");
    // B's owner names their own provider with A's program.
    expect((await refusal(updateProgramRules(db, { providerId: b.providerId, programId: a.programId, expectedVersion: 1, ruleSet: onePercent, actor: { userId: b.owner.id } }))).code).toBe("NOT_FOUND");
    expect((await db.program.findUniqueOrThrow({ where: { id: a.programId } })).ruleVersion).toBe(1);
    expect(await db.auditLog.count({ where: { providerId: a.providerId } })).toBe(0);
  });
});

describe("listRuleVersions", () => {
  it("lists versions newest first with author, note, summary and what changed", async () => {
    const b = await business(500);
    await updateProgramRules(db, { providerId: b.providerId, programId: b.programId, expectedVersion: 1, ruleSet: { ...onePercent, perPurchaseCapMinor: "500" }, note: "launch", actor: { userId: b.owner.id } });
    const rows = await listRuleVersions(db, b.providerId, b.programId);
    expect(rows.map((r) => r.version)).toEqual([2, 1]);
    expect(rows[0]).toMatchObject({ note: "launch", author: { email: b.owner.email }, summary: "1% back · max €5.00 per purchase", isFirst: false });
    expect(rows[0]?.changes).toEqual([
      { path: "base.bps", before: "500", after: "100" },
      { path: "perPurchaseCapMinor", before: null, after: "500" },
    ]);
    expect(rows[1]).toMatchObject({ author: null, isFirst: true, changes: [] });
    const other = await business();
    await expect(listRuleVersions(db, other.providerId, b.programId)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("diffs nested lists by path", () => {
    expect(diffRuleSets({ a: [1, 2] }, { a: [1] })).toEqual([{ path: "a.1", before: "2", after: null }]);
  });
});

describe("tryRules", () => {
  it("computes the reward of the editor's unsaved rules with the engine's explanation", async () => {
    const b = await business(500);
    const result = await tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet: onePercent, purchase: { amountMinor: "4210" } });
    expect(result).toMatchObject({ amountMinor: 42n, currency: "EUR", explanation: "1% of €42.10" });
    // Nothing was saved.
    expect((await db.program.findUniqueOrThrow({ where: { id: b.programId } })).ruleVersion).toBe(1);
  });

  it("applies items, exclusions, campaigns by date and segment, and caps", async () => {
    const b = await business();
    const ruleSet = {
      base: { type: "percentage", bps: 100 },
      excludedSkus: ["TOBACCO"],
      perPurchaseCapMinor: "300",
      campaigns: [{ name: "Spring", startsAt: "2026-03-01T00:00:00Z", endsAt: "2026-04-01T00:00:00Z", rule: { type: "percentage", bps: 1000 }, segments: ["vip"] }],
    };
    const items = [
      { sku: "COFFEE", category: "drinks", amountMinor: "2000", quantity: 1 },
      { sku: "TOBACCO", amountMinor: "1000", quantity: 1 },
    ];
    const vip = await tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet, purchase: { amountMinor: "3000", items, occurredAt: "2026-03-15T12:00:00Z", segment: "vip" } });
    expect(vip.amountMinor).toBe(200n);
    expect(vip.explanation).toContain("campaign Spring");
    expect(vip.explanation).toContain("1 item excluded: TOBACCO");
    const outside = await tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet, purchase: { amountMinor: "3000", items, occurredAt: "2026-05-15T12:00:00Z", segment: "vip" } });
    expect(outside.amountMinor).toBe(20n);
    const capped = await tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet, purchase: { amountMinor: "100000", occurredAt: "2026-03-15T12:00:00Z", segment: "vip" } });
    expect(capped).toMatchObject({ amountMinor: 300n, capped: true });
  });

  it("names the bad field of the rules or of the basket, and refuses another tenant's program", async () => {
    const b = await business();
    await expect(tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet: { base: { type: "nope" } }, purchase: { amountMinor: "100" } })).rejects.toMatchObject({ code: "VALIDATION", field: "ruleSet.base.type" });
    await expect(tryRules(db, { providerId: b.providerId, programId: b.programId, ruleSet: onePercent, purchase: { amountMinor: "12.50" } })).rejects.toMatchObject({ code: "VALIDATION", field: "purchase.amountMinor" });
    const other = await business();
    await expect(tryRules(db, { providerId: other.providerId, programId: b.programId, ruleSet: onePercent, purchase: { amountMinor: "100" } })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
