import { randomUUID } from "node:crypto";
import type { JWT } from "next-auth/jwt";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addStaff } from "@/lib/providers/add-staff";
import { createProvider } from "@/lib/providers/create-provider";
import { changePassword } from "@/lib/users/change-password";
import { createUser } from "@/lib/users/create-user";
import { authenticate } from "./authenticate";
import { authOptions } from "./options";
import { refreshSession } from "./refresh-session";
import { endAllSessions } from "./sessions";

const PASSWORD = "a-long-password-1";
process.env.NEXTAUTH_SECRET ??= "test-secret-for-sessions";

let providerId: string;

beforeAll(async () => {
  const owner = await createUser(db, { email: `owner-${randomUUID()}@sessions.test`, password: PASSWORD });
  providerId = (await createProvider(db, { name: "Shop", slug: `shop-${randomUUID().slice(0, 8)}`, ownerUserId: owner.id, cashbackBps: 500, holdDays: 0 })).providerId;
});

/** Signs in for real and returns the token next-auth would store in the cookie. */
async function signedIn() {
  const email = `u-${randomUUID()}@sessions.test`;
  const created = await createUser(db, { email, password: PASSWORD });
  const user = await authenticate({ email, password: PASSWORD, ip: "10.3.0.1", userAgent: "test" });
  if (!user) throw new Error("sign-in failed");
  const token = await nextRequest({ sub: user.id, email, name: null }, { ...user, image: null });
  return { id: created.id, email, token };
}

/** What the jwt callback makes of a token on a request (next-auth calls it on every getServerSession). */
async function nextRequest(token: JWT, user?: Parameters<NonNullable<NonNullable<typeof authOptions.callbacks>["jwt"]>>[0]["user"]): Promise<JWT> {
  const jwt = authOptions.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token, user: user as never, account: null });
}

describe("sessions are checked against the database on every request", () => {
  it("a password change ends every open session on its next request", async () => {
    const { id, token } = await signedIn();
    expect((await nextRequest(token)).sub).toBe(id);
    await changePassword(id, { currentPassword: PASSWORD, newPassword: "another-long-password" });
    const after = await nextRequest(token);
    expect(after.sub).toBeUndefined();
    expect(after.revoked).toBe(true);
  });

  it("signing out everywhere ends every open session, and signing out ends that session even for a copy of its token", async () => {
    const a = await signedIn();
    await authOptions.events?.signOut?.({ token: a.token, session: { user: { id: a.id, email: a.email, name: null, roles: { admin: false, staff: [] } }, expires: "" } });
    expect((await nextRequest(a.token)).sub).toBeUndefined();

    const b = await signedIn();
    await endAllSessions(db, b.id);
    expect((await nextRequest(b.token)).sub).toBeUndefined();
    expect(await db.signIn.count({ where: { userId: b.id, endedAt: null } })).toBe(0);
  });

  it("a role granted or removed while the session is open reaches it on the next request", async () => {
    const { id, token } = await signedIn();
    expect((await nextRequest(token)).roles?.staff).toEqual([]);
    await addStaff(db, { providerId, userId: id, role: "CASHIER" });
    expect((await nextRequest(token)).roles?.staff).toEqual([{ providerId, role: "CASHIER" }]);
    await db.staffMember.deleteMany({ where: { userId: id } });
    expect((await nextRequest(token)).roles?.staff).toEqual([]);
  });

  it("a token from before sessions were recorded (no session id) is refused", async () => {
    const { id } = await signedIn();
    expect((await nextRequest({ sub: id, roles: { admin: false, staff: [] } })).sub).toBeUndefined();
  });

  it("the gate's refresh re-issues the cookie with the roles as they are now, and refuses an ended session", async () => {
    const { id, token } = await signedIn();
    await addStaff(db, { providerId, userId: id, role: "CASHIER" });
    const cookie = await encode({ token, secret: process.env.NEXTAUTH_SECRET ?? "" });
    const refreshed = await refreshSession((name) => (name === "next-auth.session-token" ? cookie : undefined));
    expect(refreshed.live?.roles.staff).toEqual([{ providerId, role: "CASHIER" }]);
    await endAllSessions(db, id);
    expect((await refreshSession((name) => (name === "next-auth.session-token" ? cookie : undefined))).live).toBeNull();
  });
});
