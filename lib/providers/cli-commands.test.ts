import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { aProgram } from "@/tests/support/programs";
import { refusal } from "@/tests/support/refusal";
import { providerCommands } from "./cli-commands";

const run = (name: string, values: Record<string, string | undefined>) => providerCommands[name]!.run(values);

describe("operator CLI: provider:list / approve / suspend / reinstate", () => {
  it("suspends and reinstates a business named by slug or id, with the reason in the audit log as the CLI", async () => {
    const shop = await aProgram();
    const provider = await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } });
    expect(await run("provider:suspend", { provider: provider.slug.toUpperCase(), reason: "Chargebacks" })).toMatchObject({ providerId: provider.id, status: "SUSPENDED", changed: true });
    const listed = (await run("provider:list", { status: "suspended" })) as { id: string }[];
    expect(listed.map((p) => p.id)).toContain(provider.id);
    expect(await run("provider:reinstate", { provider: provider.id })).toMatchObject({ status: "ACTIVE", previousStatus: "SUSPENDED" });
    const audit = await db.auditLog.findMany({ where: { providerId: provider.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType, a.reason])).toEqual([
      ["provider.suspend", "CLI", "Chargebacks"],
      ["provider.reinstate", "CLI", "Reinstated with the operator CLI"],
    ]);
  });

  it("refuses a suspension without a reason and an unknown business, naming the flag", async () => {
    const shop = await aProgram();
    const noReason = await refusal(run("provider:suspend", { provider: shop.providerId }));
    expect([noReason.code, noReason.field]).toEqual(["VALIDATION", "reason"]);
    const unknown = await refusal(run("provider:suspend", { provider: "no-such-business", reason: "whatever" }));
    expect([unknown.code, unknown.message]).toEqual(["NOT_FOUND", expect.stringContaining("--provider")]);
    expect((await db.provider.findUniqueOrThrow({ where: { id: shop.providerId } })).status).toBe("ACTIVE");
  });

  it("approves a pending business", async () => {
    const shop = await aProgram();
    await db.provider.update({ where: { id: shop.providerId }, data: { status: "PENDING" } });
    expect(await run("provider:approve", { provider: shop.providerId })).toMatchObject({ status: "ACTIVE", previousStatus: "PENDING" });
  });
});
