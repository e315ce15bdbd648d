import { describe, expect, it } from "vitest";
import { checkSession, openSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { aFundedMember, aSpendingProgram } from "@/tests/support/redemption-api";
import { refusal } from "@/tests/support/refusal";
import { confirmSignup } from "@/lib/users/confirm-signup";
import { requestSignup } from "@/lib/users/request-signup";
import { endUserSessions } from "./end-user-sessions";
import { findPendingSignups, resendSignupConfirmation } from "./pending-signups";
import { findPeople } from "./find-people";
import { getPerson } from "./get-person";

const ADMIN = { type: "USER" as const, id: "00000000-0000-4000-8000-0000000000ad" };

describe("people (support)", () => {
  it("finds a person by e-mail, name, member code or id, and shows their memberships with balances", async () => {
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 1_234n);
    await db.user.update({ where: { id: member.userId }, data: { name: "Zelda Quist" } });
    for (const q of [member.email.toUpperCase(), "zelda q", member.code.replace("-", "").toLowerCase(), member.userId, member.memberId]) {
      expect((await findPeople(db, { q })).map((p) => p.id), q).toEqual([member.userId]);
    }
    const person = await getPerson(db, { userId: member.userId });
    expect(person?.memberships).toEqual([expect.objectContaining({ memberId: member.memberId, code: member.code, availableMinor: 1_234n, pendingMinor: 0n, currency: "EUR" })]);
    expect(person?.movements.length).toBeGreaterThan(0);
  });

  it("shows linked accounts only by institution and last digits", async () => {
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 0n);
    await db.linkedAccount.create({ data: { userId: member.userId, plaidItemId: `item-${member.memberId}`, accessTokenEnc: "v1:secret-token", institutionName: "First Bank", mask: "4321", plaidAccountId: "acc-secret" } });
    const person = await getPerson(db, { userId: member.userId });
    expect(person?.linkedAccounts.map((l) => l.label)).toEqual(["First Bank •• 4321"]);
    expect(JSON.stringify(person?.linkedAccounts)).not.toMatch(/secret/);
  });

  it("ends every open session of a person, audited with the reason", async () => {
    const shop = await aSpendingProgram();
    const member = await aFundedMember(shop.programId, 0n);
    const a = await openSession(db, { userId: member.userId, ip: "192.0.2.1", userAgent: "phone" });
    const b = await openSession(db, { userId: member.userId, ip: "192.0.2.2", userAgent: "laptop" });
    const claims = (s: { sessionId: string; sessionVersion: number }) => ({ sub: member.userId, sid: s.sessionId, sv: s.sessionVersion });
    expect(await checkSession(db, claims(a))).not.toBeNull();

    expect(await refusal(endUserSessions(db, { userId: "00000000-0000-4000-8000-000000000000", actor: ADMIN, reason: "x" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await endUserSessions(db, { userId: member.userId, actor: ADMIN, reason: "Phone stolen" })).toEqual({ ended: 2 });
    expect(await checkSession(db, claims(a))).toBeNull();
    expect(await checkSession(db, claims(b))).toBeNull();
    expect(await db.auditLog.findFirst({ where: { action: "user.sessions.end", targetId: member.userId } })).toMatchObject({ actorId: ADMIN.id, reason: "Phone stolen" });
  });
});

describe("unconfirmed sign-ups", () => {
  it("support finds a sign-up never confirmed and resends a fresh link that creates the account", async () => {
    const email = `late-${Date.now().toString(36)}@example.test`;
    await requestSignup({ email, password: "a-long-password-1", name: "Lara Late", ip: "192.0.2.60" });
    expect((await findPendingSignups(db, { q: email.toUpperCase() })).map((s) => s.email)).toEqual([email]);

    await resendSignupConfirmation(db, { email, actor: ADMIN, reason: "Member never got the e-mail" });
    const mails = await db.emailMessage.findMany({ where: { to: email }, orderBy: { createdAt: "desc" } });
    expect(mails).toHaveLength(2);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mails[0]?.text ?? "")?.[1];
    expect(token).toBeTruthy();
    expect(await confirmSignup(token ?? "")).toMatchObject({ status: expect.any(String) });
    expect(await db.user.findUnique({ where: { email } })).toMatchObject({ name: "Lara Late" });
    expect(await findPendingSignups(db, { q: email })).toEqual([]);
    expect((await refusal(resendSignupConfirmation(db, { email, actor: ADMIN, reason: "again" }))).code).toBe("CONFLICT");
    expect(await db.auditLog.findFirst({ where: { action: "signup.confirmation.resend", targetId: email } })).toMatchObject({ reason: "Member never got the e-mail" });
  });
});
