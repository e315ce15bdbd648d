import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/authenticate";
import { db } from "@/lib/db/client";
import { joinProgram, rejoinProgram } from "@/lib/members/join-program";
import { leaveProgram } from "@/lib/members/leave-program";
import { createNotification } from "@/lib/notifications/create-notification";
import { setPreference } from "@/lib/notifications/set-preference";
import { createProvider } from "@/lib/providers/create-provider";
import { recordPurchase } from "@/lib/purchases/record-purchase";
import { changePassword } from "./change-password";
import { confirmEmailChange, previewEmailChange } from "./confirm-email-change";
import { createEmailChangeToken } from "./email-change-token";
import { requestEmailChange } from "./request-email-change";
import { createUser } from "./create-user";
import { deleteAccount } from "./delete-account";
import { getProfile } from "./get-profile";
import { updateProfile } from "./update-profile";
import { refusal } from "@/tests/support/refusal";

const short = () => randomUUID().slice(0, 8);
const PASSWORD = "a-long-password-1";

async function person(name = "Pat Person") {
  const email = `p-${short()}@profile.test`;
  const u = await createUser(db, { email, password: PASSWORD, name });
  return { ...u, email };
}

const ip = () => `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;


let programId: string;
let ownerId: string;

async function buy(memberId: string) {
  const outcome = await recordPurchase(db, {
    programId,
    source: "WEBHOOK",
    orderId: `o-${short()}`,
    origin: {},
    amountMinor: 5_000n,
    currency: "EUR",
    customer: { memberId },
    actor: { type: "WEBHOOK", id: "test" },
  });
  if (outcome.status !== "accepted" || !outcome.reward) throw new Error("expected a reward");
  return outcome.reward;
}

beforeAll(async () => {
  const owner = await person("Owner");
  ownerId = owner.id;
  programId = (await createProvider(db, { name: "Bakery", slug: `bakery-${short()}`, ownerUserId: owner.id, cashbackBps: 1000, holdDays: 14 })).programId;
});

describe("profile", () => {
  it("changes the name, trimmed; an empty name clears it; a too-long one is refused", async () => {
    const p = await person();
    expect(await updateProfile(p.id, { name: "  Patricia  " })).toEqual({ name: "Patricia" });
    expect((await getProfile(p.id))?.name).toBe("Patricia");
    expect(await updateProfile(p.id, { name: "" })).toEqual({ name: null });
    expect((await refusal(updateProfile(p.id, { name: "x".repeat(101) }))).field).toBe("name");
  });

  it("changes the password only with the current one, to one that meets the sign-up rules", async () => {
    const p = await person();
    const wrong = await refusal(changePassword(p.id, { currentPassword: "not-my-password", newPassword: "another-long-one-2" }));
    expect([wrong.status, wrong.field]).toEqual([400, "currentPassword"]);
    expect((await refusal(changePassword(p.id, { currentPassword: PASSWORD, newPassword: "short" }))).field).toBe("newPassword");
    expect((await refusal(changePassword(p.id, { currentPassword: "", newPassword: "another-long-one-2" }))).field).toBe("currentPassword");
    await changePassword(p.id, { currentPassword: PASSWORD, newPassword: "another-long-one-2" });
    expect(await authenticate({ email: p.email, password: PASSWORD, ip: ip() })).toBeNull();
    expect((await authenticate({ email: p.email, password: "another-long-one-2", ip: ip() }))?.id).toBe(p.id);
  });
});

describe("changing the e-mail address", () => {
  const linkIn = async (to: string) => {
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to, subject: "Confirm your new e-mail address" }, orderBy: { createdAt: "desc" } });
    const token = /token=([A-Za-z0-9_.-]+)/.exec(mail.text)?.[1];
    if (!token) throw new Error("no link in the e-mail");
    return token;
  };

  it("needs the password, e-mails a link to the new address, and changes it only when the owner opens it", async () => {
    const p = await person();
    const to = `new-${short()}@profile.test`;
    expect((await refusal(requestEmailChange(p.id, { newEmail: to, password: "wrong-password" }))).field).toBe("password");
    expect((await refusal(requestEmailChange(p.id, { newEmail: "not an address", password: PASSWORD }))).field).toBe("newEmail");
    expect(await requestEmailChange(p.id, { newEmail: ` ${to.toUpperCase()} `, password: PASSWORD })).toEqual({ sentTo: to });
    expect(await db.emailMessage.count({ where: { to: p.email, subject: { contains: "about to change" } } })).toBe(1);
    const token = await linkIn(to);
    expect((await db.user.findUniqueOrThrow({ where: { id: p.id } })).email).toBe(p.email);

    const stranger = await person();
    expect(await previewEmailChange(stranger.id, token)).toBeNull();
    expect((await refusal(confirmEmailChange(stranger.id, token))).status).toBe(404);
    expect((await refusal(confirmEmailChange(p.id, `${token}x`))).status).toBe(404);

    expect(await previewEmailChange(p.id, token)).toEqual({ from: p.email, to });
    expect(await confirmEmailChange(p.id, token)).toEqual({ email: to });
    expect((await authenticate({ email: to, password: PASSWORD, ip: ip() }))?.id).toBe(p.id);
    // The link works once: the address it changes from is gone.
    expect((await refusal(confirmEmailChange(p.id, token))).status).toBe(404);
    expect(await previewEmailChange(p.id, token)).toBeNull();
  });

  it("refuses an address another account uses (when the link is opened) and an expired link", async () => {
    const p = await person();
    const other = await person();
    await requestEmailChange(p.id, { newEmail: other.email, password: PASSWORD });
    expect((await refusal(confirmEmailChange(p.id, await linkIn(other.email)))).status).toBe(409);
    const expired = createEmailChangeToken({ userId: p.id, from: p.email, to: `x-${short()}@profile.test`, expiresAt: new Date(Date.now() - 1000) });
    expect((await refusal(confirmEmailChange(p.id, expired))).status).toBe(404);
    expect((await db.user.findUniqueOrThrow({ where: { id: p.id } })).email).toBe(p.email);
  });
});

describe("leaving a program", () => {
  it("keeps the balance, stops new earning, and rejoining makes the same membership active again", async () => {
    const p = await person();
    const member = await joinProgram(db, { userId: p.id, programId });
    await buy(member.id);
    const before = (await getProfile(p.id))?.memberships[0];
    expect(before).toMatchObject({ status: "ACTIVE", balances: { pending: 500n } });

    // Someone else cannot end this membership.
    expect((await refusal(leaveProgram(ownerId, member.id))).status).toBe(404);
    expect(await leaveProgram(p.id, member.id)).toEqual({ programName: "Bakery" });
    await leaveProgram(p.id, member.id); // twice is fine
    const after = (await getProfile(p.id))?.memberships[0];
    expect(after).toMatchObject({ status: "LEFT", balances: { pending: 500n } });
    expect((await buy(member.id)).status).toBe("REJECTED");

    expect((await refusal(rejoinProgram(db, { userId: ownerId, memberId: member.id }))).status).toBe(404);
    const back = await rejoinProgram(db, { userId: p.id, memberId: member.id });
    expect([back.id, back.code, back.status]).toEqual([member.id, member.code, "ACTIVE"]);
    expect((await buy(member.id)).status).toBe("PENDING");
    // Joining from the program page works the same way.
    await leaveProgram(p.id, member.id);
    expect((await joinProgram(db, { userId: p.id, programId })).status).toBe("ACTIVE");
  });
});

describe("deleting an account", () => {
  it("needs the password, anonymises the person, ends memberships and keeps the ledger", async () => {
    const p = await person("Del Eted");
    const member = await joinProgram(db, { userId: p.id, programId });
    await buy(member.id);
    await createNotification(db, { userId: p.id, kind: "RECEIPT", data: {} });
    await setPreference(p.id, { kind: "EARNED", inApp: false, email: false });

    const wrong = await refusal(deleteAccount(p.id, { password: "nope-nope-nope" }));
    expect([wrong.status, wrong.field]).toEqual([400, "password"]);
    expect((await db.user.findUniqueOrThrow({ where: { id: p.id } })).deletedAt).toBeNull();

    // The €5.00 pending is given up explicitly (docs/money-rules.md, "Deleted accounts").
    await deleteAccount(p.id, { password: PASSWORD, forfeit: [{ memberId: member.id, availableMinor: "0", pendingMinor: "500" }] });
    const row = await db.user.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({ email: `deleted-${p.id}@invalid`, name: null });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.passwordHash.startsWith("!deleted:")).toBe(true);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({ status: "LEFT" });
    expect(await db.notification.count({ where: { userId: p.id } })).toBe(0);
    expect(await db.notificationPreference.count({ where: { userId: p.id } })).toBe(0);
    expect(await db.reward.count({ where: { memberId: member.id } })).toBe(1);
    expect(await getProfile(p.id)).toBeNull();

    // The old credentials stop working, and so does every path that re-reads the account.
    expect(await authenticate({ email: p.email, password: PASSWORD, ip: ip() })).toBeNull();
    expect((await refusal(updateProfile(p.id, { name: "Back" }))).status).toBe(404);
    expect((await refusal(changePassword(p.id, { currentPassword: PASSWORD, newPassword: "another-long-one-2" }))).status).toBe(404);
    expect((await refusal(deleteAccount(p.id, { password: PASSWORD }))).status).toBe(404);
    // The e-mail is free for a new account.
    await expect(createUser(db, { email: p.email, password: PASSWORD })).resolves.toBeTruthy();
  });

  it("refuses to delete the account of a business's staff", async () => {
    const error = await refusal(deleteAccount(ownerId, { password: PASSWORD }));
    expect(error.status).toBe(409);
  });
});
