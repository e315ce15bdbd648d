import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { requestSignup } from "@/lib/users/request-signup";
import { createUser } from "@/lib/users/create-user";
import { confirmSignupAndSignIn } from "./confirmation-sign-in";
import { checkSession, endSession } from "./sessions";

const CLIENT = { ip: "203.0.113.7", userAgent: "Phone/1.0" };

async function linkTokenFor(email: string): Promise<string> {
  await requestSignup({ email, password: "a-good-password", name: "Cleo", ip: "203.0.113.7" });
  const mail = await db.emailMessage.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const token = /\/verify\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error("no link in the e-mail");
  return token;
}

describe("signing in by confirming the sign-up e-mail", () => {
  it("opens a recorded, live session for the new member, once: the same link a second time is refused", async () => {
    const token = await linkTokenFor("cleo@example.test");
    const first = await confirmSignupAndSignIn(token, CLIENT);
    if (first.status !== "signed-in") throw new Error(`expected a session, got ${first.status}`);
    expect(first.user).toMatchObject({ email: "cleo@example.test", name: "Cleo", roles: { admin: false, staff: [] } });
    const signIn = await db.signIn.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(signIn).toMatchObject({ userId: first.user.id, ip: CLIENT.ip, userAgent: CLIENT.userAgent, endedAt: null });
    const claims = { sub: first.user.id, sid: first.sessionId, sv: first.sessionVersion };
    expect(await checkSession(db, claims)).toMatchObject({ id: first.user.id, email: "cleo@example.test" });

    expect(await confirmSignupAndSignIn(token, CLIENT)).toEqual({ status: "invalid" });
    expect(await db.signIn.count({ where: { userId: first.user.id } })).toBe(1);

    // It is an ordinary session: signing out ends it.
    await endSession(db, claims);
    expect(await checkSession(db, claims)).toBeNull();
  });

  it("refuses an expired link and opens nothing", async () => {
    const token = await linkTokenFor("late@example.test");
    await db.signupRequest.updateMany({ where: { email: "late@example.test" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await confirmSignupAndSignIn(token, CLIENT)).toEqual({ status: "invalid" });
    expect(await db.user.count({ where: { email: "late@example.test" } })).toBe(0);
  });

  it("refuses an unknown or malformed token", async () => {
    const before = await db.signIn.count();
    expect(await confirmSignupAndSignIn("x".repeat(43), CLIENT)).toEqual({ status: "invalid" });
    expect(await confirmSignupAndSignIn("../../etc", CLIENT)).toEqual({ status: "invalid" });
    expect(await db.signIn.count()).toBe(before);
  });

  it("signs nobody in when the address got an account some other way meanwhile", async () => {
    const token = await linkTokenFor("twice@example.test");
    const existing = await createUser(db, { email: "twice@example.test", password: "original-password" });
    expect(await confirmSignupAndSignIn(token, CLIENT)).toEqual({ status: "exists", email: "twice@example.test" });
    expect(await db.signIn.count({ where: { userId: existing.id } })).toBe(0);
  });
});
