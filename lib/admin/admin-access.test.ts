import { readdirSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createActionBuilders } from "@/lib/actions/safe-action";
import type { SessionUser } from "@/lib/auth/session";
import type { Roles } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { proxy } from "@/proxy";
import { aProgram } from "@/tests/support/programs";
import { createAdminActions, type AdminActions } from "./admin-actions";

const ID = "00000000-0000-4000-8000-0000000000aa";
const PROVIDER = "00000000-0000-4000-8000-0000000000bb";
const ROLES: Record<string, Roles> = {
  member: { admin: false, staff: [] },
  cashier: { admin: false, staff: [{ providerId: PROVIDER, role: "CASHIER" }] },
  manager: { admin: false, staff: [{ providerId: PROVIDER, role: "MANAGER" }] },
  owner: { admin: false, staff: [{ providerId: PROVIDER, role: "OWNER" }] },
};
const as = (roles: Roles): SessionUser => ({ id: ID, email: "someone@example.test", name: null, roles });

describe("admin actions refuse everyone but platform admins", () => {
  let providerId: string;
  beforeAll(async () => {
    providerId = (await aProgram()).providerId;
  });

  it.each(Object.keys(ROLES))("a %s is refused every admin action, and nothing changes", async (who) => {
    const actions: AdminActions = createAdminActions(createActionBuilders(async () => as(ROLES[who]!)));
    const auditBefore = await db.auditLog.count();
    for (const [name, action] of Object.entries(actions)) {
      const result = await (action as (raw: unknown) => Promise<unknown>)({ providerId, reason: "testing the gate" });
      expect(result, name).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    expect(await db.auditLog.count()).toBe(auditBefore);
    expect((await db.provider.findUniqueOrThrow({ where: { id: providerId } })).status).toBe("ACTIVE");
  });

  it("a platform admin may act, with a reason", async () => {
    const actions = createAdminActions(createActionBuilders(async () => as({ admin: true, staff: [] })));
    expect(await actions.suspendProvider({ providerId, reason: "" })).toMatchObject({ ok: false, error: { code: "VALIDATION", field: "reason" } });
    expect(await actions.suspendProvider({ providerId, reason: "Testing the console" })).toMatchObject({ ok: true, data: { status: "SUSPENDED" } });
    expect(await actions.reinstateProvider({ providerId, reason: "Done testing" })).toMatchObject({ ok: true, data: { status: "ACTIVE" } });
  });
});

/** Every page under app/(admin), as a URL (dynamic segments filled with an id). */
function adminPages(dir = path.join(process.cwd(), "app/(admin)")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return adminPages(full);
    if (entry.name !== "page.tsx") return [];
    const rel = path.relative(path.join(process.cwd(), "app/(admin)"), path.dirname(full));
    return [`/${rel.split(path.sep).map((s) => (s.startsWith("[") ? PROVIDER : s)).join("/")}`];
  });
}

describe("every admin page refuses non-admins at the request gate", () => {
  const SECRET = "admin-access-test-secret";
  beforeAll(() => vi.stubEnv("NEXTAUTH_SECRET", SECRET));
  afterAll(() => vi.unstubAllEnvs());

  async function visit(url: string, roles: Roles | null) {
    const headers = new Headers();
    if (roles) {
      const token = await encode({ token: { sub: ID, id: ID, email: "someone@example.test", roles }, secret: SECRET });
      headers.set("cookie", `next-auth.session-token=${token}`);
    }
    const res = await proxy(new NextRequest(`http://localhost:3000${url}`, { headers }), {} as never);
    if (!res) throw new Error(`the gate gave no answer for ${url}`);
    return { status: res.status, location: res.headers.get("location") };
  }

  const pages = adminPages();
  it("finds the console's pages", () => {
    expect(pages).toEqual(expect.arrayContaining(["/admin", "/admin/withdrawals", `/admin/providers/${PROVIDER}`]));
  });

  it.each(pages)("%s: signed out → sign-in; member, cashier, manager, owner → away; admin → in", async (url) => {
    expect((await visit(url, null)).location).toMatch(/\/signin\?callbackUrl=/);
    for (const [who, roles] of Object.entries(ROLES)) {
      const res = await visit(url, roles);
      expect(res.location, `${who} at ${url}`).toMatch(/\/session\/refresh\?next=/);
    }
    const admin = await visit(url, { admin: true, staff: [] });
    expect(admin.location, `admin at ${url}`).toBeNull();
    expect(admin.status).toBe(200);
  });
});
