import { describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { checkSession, openSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { createUser } from "@/lib/users/create-user";
import { refusal } from "@/tests/support/refusal";
import { setUserLocked } from "./lock-user";

const ADMIN = { type: "USER" as const, id: "00000000-0000-4000-8000-0000000000ad" };
const PASSWORD = "correct horse battery staple";

describe("locking an account", () => {
  it("ends its sessions and refuses sign-in until unlocked, audited both ways", async () => {
    const email = `lock-${Date.now().toString(36)}@example.test`;
    const user = await createUser(db, { email, password: PASSWORD });
    const session = await openSession(db, { userId: user.id, ip: "192.0.2.7", userAgent: "laptop" });
    const claims = { sub: user.id, sid: session.sessionId, sv: session.sessionVersion };

    expect(await setUserLocked(db, { userId: user.id, locked: true, actor: ADMIN, reason: "Account takeover suspected" })).toEqual({ locked: true, changed: true });
    expect(await checkSession(db, claims)).toBeNull();
    const refused = await refusal(authenticate({ email, password: PASSWORD, ip: "192.0.2.8" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/locked/);

    await setUserLocked(db, { userId: user.id, locked: false, actor: ADMIN, reason: "Owner verified" });
    expect(await authenticate({ email, password: PASSWORD, ip: "192.0.2.8" })).toMatchObject({ id: user.id });
    const audit = await db.auditLog.findMany({ where: { targetId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["user.lock", "Account takeover suspected"],
      ["user.unlock", "Owner verified"],
    ]);
  });

  it("an admin cannot lock themself out", async () => {
    const user = await createUser(db, { email: `self-${Date.now().toString(36)}@example.test`, password: PASSWORD });
    expect((await refusal(setUserLocked(db, { userId: user.id, locked: true, actor: { type: "USER", id: user.id }, reason: "oops" }))).code).toBe("FORBIDDEN");
  });
});
