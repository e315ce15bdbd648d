import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";

const exec = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  try {
    const { stdout } = await exec(process.execPath, ["scripts/launch.mjs", "boomerang", ...args], { env: { ...process.env } });
    return { code: 0, json: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, json: JSON.parse(e.stdout || "{}") as Record<string, unknown> };
  }
}

describe("npm run boomerang", () => {
  it("provider:create makes a business, its program and its owner", async () => {
    const { code, json } = await cli("provider:create", "--name", "Bakery Bloom", "--slug", "bakery-bloom", "--owner-email", "Owner@Bloom.test", "--owner-password", "owner-password-1");
    expect(code).toBe(0);
    expect(json).toMatchObject({ providerId: expect.any(String), programId: expect.any(String), slug: "bakery-bloom" });
    const staff = await db.staffMember.findFirstOrThrow({ where: { providerId: String(json.providerId) }, include: { user: true } });
    expect(staff).toMatchObject({ role: "OWNER", user: { email: "owner@bloom.test" } });
  });

  it("refuses a taken slug or e-mail with a JSON error and exit code 1, creating nothing", async () => {
    const before = await db.provider.count();
    const taken = await cli("provider:create", "--name", "Other", "--slug", "bakery-bloom", "--owner-email", "x@bloom.test", "--owner-password", "owner-password-1");
    expect(taken.code).toBe(1);
    expect(taken.json).toMatchObject({ error: { code: "CONFLICT" } });
    expect(await db.user.count({ where: { email: "x@bloom.test" } })).toBe(0);
    expect(await db.provider.count()).toBe(before);
  });

  it("accepts a program's slug wherever it asks for a program id", async () => {
    const program = await db.program.findUniqueOrThrow({ where: { slug: "bakery-bloom" } });
    const bySlug = await cli("program:secret", "--program", "Bakery-Bloom");
    expect(bySlug.code).toBe(0);
    expect(JSON.stringify(bySlug.json)).toContain(program.id);
  });

  it("names the flag when no program has that id or slug", async () => {
    const unknown = await cli("program:secret", "--program", "no-such-program");
    expect(unknown.code).toBe(1);
    expect(unknown.json).toMatchObject({ error: { code: "NOT_FOUND", message: expect.stringContaining("--program") } });
  });

  it("validates its flags", async () => {
    const bad = await cli("member:create", "--email", "not-an-email", "--password", "member-password-1");
    expect(bad.code).toBe(1);
    expect(bad.json).toMatchObject({ error: { code: "VALIDATION", message: expect.stringContaining("--email") } });
  });

  it("member:create and admin:create make accounts", async () => {
    expect((await cli("member:create", "--email", "mia@example.test", "--password", "member-password-1")).code).toBe(0);
    expect((await cli("admin:create", "--email", "root@example.test", "--password", "admin-password-1")).json).toMatchObject({ admin: true });
    expect(await db.user.findUniqueOrThrow({ where: { email: "root@example.test" } })).toMatchObject({ isAdmin: true });
  });

  it("ledger:reconcile reports a clean ledger with exit code 0", async () => {
    const { code, json } = await cli("ledger:reconcile");
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, discrepancies: [] });
  });
});
