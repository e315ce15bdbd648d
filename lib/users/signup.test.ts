import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { confirmSignup } from "./confirm-signup";
import { requestSignup } from "./request-signup";
import { createUser } from "./create-user";
import { createProvider } from "@/lib/providers/create-provider";
import { inviteStaff } from "@/lib/providers/invite-staff";
import { revokeInvitation } from "@/lib/providers/revoke-invitation";

function tokenFrom(text: string): string {
  const match = /\/verify\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
}

async function lastEmailTo(to: string) {
  return db.emailMessage.findFirstOrThrow({ where: { to }, orderBy: { createdAt: "desc" } });
}

describe("sign-up by e-mail link", () => {
  it("creates the account only when the link is opened, once", async () => {
    await requestSignup({ email: "new@example.test", password: "a-good-password", name: "Nia", ip: "1.2.3.4", callbackUrl: "/p/cafe" });
    expect(await db.user.count({ where: { email: "new@example.test" } })).toBe(0);
    const mail = await lastEmailTo("new@example.test");
    expect(mail.subject).toMatch(/Confirm your e-mail/);
    expect(mail.text).toContain("callbackUrl=%2Fp%2Fcafe");
    const token = tokenFrom(mail.text);
    expect(await confirmSignup(token)).toEqual({ status: "created", email: "new@example.test" });
    const user = await db.user.findUniqueOrThrow({ where: { email: "new@example.test" } });
    expect(user.name).toBe("Nia");
    expect(await verifyPassword(user.passwordHash, "a-good-password")).toBe(true);
    expect(await confirmSignup(token)).toEqual({ status: "invalid" });
    // The token itself is never stored.
    expect(await db.signupRequest.count({ where: { tokenHash: token } })).toBe(0);
  });

  it("looks the same for an e-mail that already has an account, and changes nothing", async () => {
    const existing = await createUser(db, { email: "taken@example.test", password: "original-password" });
    await expect(requestSignup({ email: "taken@example.test", password: "other-password", ip: "1.2.3.5" })).resolves.toBeUndefined();
    const mail = await lastEmailTo("taken@example.test");
    expect(mail.subject).toBe("You already have a Boomerang account");
    expect(mail.text).not.toMatch(/verify\?token=/);
    const user = await db.user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(await verifyPassword(user.passwordHash, "original-password")).toBe(true);
  });

  it("refuses expired, unknown and malformed links", async () => {
    await requestSignup({ email: "late@example.test", password: "a-good-password", ip: "1.2.3.6" });
    const token = tokenFrom((await lastEmailTo("late@example.test")).text);
    await db.signupRequest.updateMany({ where: { email: "late@example.test" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await confirmSignup(token)).toEqual({ status: "invalid" });
    expect(await confirmSignup("x".repeat(43))).toEqual({ status: "invalid" });
    expect(await confirmSignup("../../etc")).toEqual({ status: "invalid" });
  });

  it("creates one account when two links for the same e-mail race", async () => {
    await requestSignup({ email: "twice@example.test", password: "a-good-password", ip: "1.2.3.7" });
    await requestSignup({ email: "twice@example.test", password: "a-good-password", ip: "1.2.3.7" });
    const mails = await db.emailMessage.findMany({ where: { to: "twice@example.test" } });
    const outcomes = await Promise.all(mails.map((m) => confirmSignup(tokenFrom(m.text))));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["created", "exists"]);
    expect(await db.user.count({ where: { email: "twice@example.test" } })).toBe(1);
  });

  it("rate-limits sign-ups per e-mail", async () => {
    for (let i = 0; i < 5; i++) await requestSignup({ email: "spam@example.test", password: "a-good-password", ip: `5.5.5.${i}` });
    await expect(requestSignup({ email: "spam@example.test", password: "a-good-password", ip: "5.5.6.1" })).rejects.toMatchObject({ code: "RATE_LIMITED" });
  });
});

describe("staff invitations on sign-up", () => {
  it("turns every pending invitation for the address into a staff membership when the sign-up is confirmed", async () => {
    const owner = await createUser(db, { email: "boss@invite.test", password: "a-good-password" });
    const a = await createProvider(db, { name: "Shop A", slug: "invite-a", ownerUserId: owner.id });
    const b = await createProvider(db, { name: "Shop B", slug: "invite-b", ownerUserId: owner.id });
    await inviteStaff(db, { providerId: a.providerId, email: "Till@Invite.test", role: "CASHIER", dailyCapMinor: 1_500n, actor: { userId: owner.id } });
    await inviteStaff(db, { providerId: b.providerId, email: "till@invite.test", role: "MANAGER", actor: { userId: owner.id } });

    await requestSignup({ email: "till@invite.test", password: "a-good-password", name: "Tilly Till", ip: "1.2.4.1" });
    // Nothing is granted before the address is proven.
    expect(await db.staffMember.count({ where: { user: { email: "till@invite.test" } } })).toBe(0);
    const token = tokenFrom((await db.emailMessage.findFirstOrThrow({ where: { to: "till@invite.test", subject: { startsWith: "Confirm" } } })).text);
    expect(await confirmSignup(token)).toEqual({ status: "created", email: "till@invite.test" });

    const user = await db.user.findUniqueOrThrow({ where: { email: "till@invite.test" } });
    const grants = await db.staffMember.findMany({ where: { userId: user.id }, orderBy: { role: "asc" } });
    expect(grants.map((g) => [g.providerId, g.role, g.dailyCapMinor]).sort()).toEqual(
      [
        [a.providerId, "CASHIER", 1_500n],
        [b.providerId, "MANAGER", null],
      ].sort(),
    );
    const invitations = await db.staffInvitation.findMany({ where: { email: "till@invite.test" } });
    expect(invitations.every((i) => i.acceptedAt !== null)).toBe(true);
    expect(await db.auditLog.count({ where: { action: "staff.invite.accept", actorId: user.id } })).toBe(2);
  });

  it("grants nothing for a revoked invitation", async () => {
    const owner = await createUser(db, { email: "boss2@invite.test", password: "a-good-password" });
    const a = await createProvider(db, { name: "Shop C", slug: "invite-c", ownerUserId: owner.id });
    await inviteStaff(db, { providerId: a.providerId, email: "gone@invite.test", role: "CASHIER", actor: { userId: owner.id } });
    const invitation = await db.staffInvitation.findFirstOrThrow({ where: { email: "gone@invite.test" } });
    await revokeInvitation(db, { providerId: a.providerId, invitationId: invitation.id, actor: { userId: owner.id } });
    await requestSignup({ email: "gone@invite.test", password: "a-good-password", ip: "1.2.4.2" });
    const token = tokenFrom((await lastEmailTo("gone@invite.test")).text);
    expect((await confirmSignup(token)).status).toBe("created");
    expect(await db.staffMember.count({ where: { user: { email: "gone@invite.test" } } })).toBe(0);
  });
});
