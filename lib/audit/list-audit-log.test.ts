import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createProvider } from "@/lib/providers/create-provider";
import { recordAudit } from "./record-audit";
import { listAuditLog } from "./list-audit-log";

const short = () => randomUUID().slice(0, 8);

async function business() {
  const owner = await db.user.create({ data: { email: `o-${short()}@audit.test`, name: "Olive Owner", passwordHash: "x" } });
  const created = await createProvider(db, { name: "Audit Shop", slug: `audit-${short()}`, ownerUserId: owner.id });
  return { ...created, owner };
}

describe("listAuditLog", () => {
  it("pages the provider's own entries newest first, with the actor's name, and nothing of another tenant", async () => {
    const a = await business();
    const b = await business();
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) {
        await recordAudit(tx, { actor: { type: "USER", id: a.owner.id }, action: "program.settings.update", providerId: a.providerId, before: { holdDays: i }, after: { holdDays: i + 1 }, reason: `change ${i}` });
      }
      await recordAudit(tx, { actor: { type: "SYSTEM" }, action: "reward.release", providerId: a.providerId });
      await recordAudit(tx, { actor: { type: "USER", id: b.owner.id }, action: "staff.invite", providerId: b.providerId });
    });

    const first = await listAuditLog(db, a.providerId, { page: 1 });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 31 });
    expect(first.items).toHaveLength(25);
    expect(first.items[0]).toMatchObject({ action: "reward.release", actor: { type: "SYSTEM", name: null } });
    expect(first.items[1]).toMatchObject({ action: "program.settings.update", actor: { type: "USER", name: "Olive Owner", email: a.owner.email }, before: { holdDays: 29 }, after: { holdDays: 30 }, reason: "change 29" });
    const second = await listAuditLog(db, a.providerId, { page: 2 });
    expect(second.items).toHaveLength(6);
    expect(second.items.at(-1)?.reason).toBe("change 0");
    // A page past the end shows the last page; nothing of B's log.
    expect((await listAuditLog(db, a.providerId, { page: 99 })).page).toBe(2);
    expect([...first.items, ...second.items].some((i) => i.action === "staff.invite")).toBe(false);
    expect(await listAuditLog(db, randomUUID())).toMatchObject({ items: [], total: 0, page: 1, pageCount: 1 });
  });
});
