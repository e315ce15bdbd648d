import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { suspendProvider } from "@/lib/providers/suspend-provider";
import { reinstateProvider } from "@/lib/providers/reinstate-provider";
import { aProgram } from "@/tests/support/programs";
import { exportPlatformAuditCsv, listPlatformAudit } from "./list-platform-audit";

describe("platform audit log", () => {
  it("lists admin actions across businesses, filtered by actor, provider, action and date, and exports them as CSV", async () => {
    const admin = await db.user.create({ data: { email: `audit-admin-${Date.now()}@example.test`, passwordHash: "x", isAdmin: true } });
    const a = await aProgram();
    const b = await aProgram();
    await suspendProvider(db, { providerId: a.providerId, actor: { type: "USER", id: admin.id }, reason: "Chargebacks, \"urgent\"" });
    await suspendProvider(db, { providerId: b.providerId, actor: { type: "CLI" }, reason: "=HYPERLINK(evil)" });
    await reinstateProvider(db, { providerId: a.providerId, actor: { type: "USER", id: admin.id }, reason: "Resolved" });

    expect((await listPlatformAudit(db, { actor: admin.email })).items.map((r) => [r.action, r.actorEmail])).toEqual([
      ["provider.reinstate", admin.email],
      ["provider.suspend", admin.email],
    ]);
    expect((await listPlatformAudit(db, { actor: "cli" })).items.map((r) => r.providerId)).toEqual([b.providerId]);
    expect((await listPlatformAudit(db, { providerId: a.providerId, action: "provider.sus" })).total).toBe(1);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listPlatformAudit(db, { from: today, to: today, action: "provider." })).total).toBe(3);
    expect((await listPlatformAudit(db, { to: "2000-01-01" })).total).toBe(0);

    const csv = await new Response(exportPlatformAuditCsv(db, { action: "provider." })).text();
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("id,created_at,actor_type,actor_id,actor_email,action,provider_id,provider_name,target,reason,before,after");
    expect(lines).toHaveLength(4);
    expect(csv).toContain('"Chargebacks, ""urgent"""');
    // A reason that looks like a formula is not run by a spreadsheet.
    expect(csv).toContain("'=HYPERLINK(evil)");
  });
});
