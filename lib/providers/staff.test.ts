import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { addStaff } from "./add-staff";
import { createProvider } from "./create-provider";
import { inviteStaff } from "./invite-staff";
import { listStaff } from "./list-staff";
import { listInvitations } from "./list-invitations";
import { removeStaff } from "./remove-staff";
import { revokeInvitation } from "./revoke-invitation";
import { setStaffCap } from "./set-staff-cap";
import { refusal as domainRefusal } from "@/tests/support/refusal";
import { percentageRuleSet, serializeRuleSet } from "@/lib/rules";
import { staffCapCurrencies } from "./staff-cap-currency";

const refusalOf = domainRefusal;
const refusal = async (promise: Promise<unknown>): Promise<string> => (await domainRefusal(promise)).code;

const short = () => randomUUID().slice(0, 8);

async function user(prefix = "u") {
  return db.user.create({ data: { email: `${prefix}-${short()}@staff.test`, name: "Sam Staff", passwordHash: "x" } });
}

async function business() {
  const owner = await user("owner");
  const created = await createProvider(db, { name: "Corner Shop", slug: `corner-${short()}`, ownerUserId: owner.id });
  return { providerId: created.providerId, owner };
}

async function staff(providerId: string, role: StaffRole) {
  const u = await user(role.toLowerCase());
  await addStaff(db, { providerId, userId: u.id, role });
  return u;
}


const outbox = (to: string) => db.emailMessage.findMany({ where: { to }, orderBy: { createdAt: "asc" } });

describe("inviteStaff", () => {
  it("gives an existing account its role at once and tells them", async () => {
    const { providerId, owner } = await business();
    const person = await user("existing");
    const result = await inviteStaff(db, { providerId, email: ` ${person.email.toUpperCase()} `, role: "MANAGER", actor: { userId: owner.id } });
    expect(result.outcome).toBe("ADDED");
    const rows = await listStaff(db, providerId);
    expect(rows.find((r) => r.userId === person.id)?.role).toBe("MANAGER");
    const mail = await outbox(person.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain("You now have access to Corner Shop as manager");
  });

  it("e-mails a sign-up invitation to an unknown address, records it as pending and adds nobody", async () => {
    const { providerId, owner } = await business();
    const email = `new-${short()}@staff.test`;
    const result = await inviteStaff(db, { providerId, email: email.toUpperCase(), role: "CASHIER", dailyCapMinor: 2_000n, actor: { userId: owner.id } });
    expect(result.outcome).toBe("INVITED");
    expect(await listStaff(db, providerId)).toHaveLength(1);
    const mail = await outbox(email);
    expect(mail).toHaveLength(1);
    // The link stands alone on its line, so mail clients (and the outbox) do not swallow punctuation into it.
    expect(mail[0]?.text).toMatch(/\n\S+\/signup\n/);
    expect(await listInvitations(db, providerId)).toMatchObject([{ email, role: "CASHIER", dailyCapMinor: 2_000n, dailyCapCurrency: "EUR", invitedBy: "Sam Staff" }]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { providerId, action: "staff.invite" } });
    expect(audit).toMatchObject({ actorId: owner.id, after: { email, role: "CASHIER", dailyCapMinor: "2000", outcome: "INVITED" } });

    // Inviting again updates the one invitation.
    await inviteStaff(db, { providerId, email, role: "MANAGER", actor: { userId: owner.id } });
    expect(await listInvitations(db, providerId)).toMatchObject([{ email, role: "MANAGER", dailyCapMinor: null }]);
  });

  it("does not let a manager invite a manager, nor rewrite an owner's invitation of one", async () => {
    const { providerId, owner } = await business();
    const manager = await staff(providerId, "MANAGER");
    const email = `new-${short()}@staff.test`;
    expect(await refusal(inviteStaff(db, { providerId, email, role: "MANAGER", actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect(await listInvitations(db, providerId)).toHaveLength(0);
    await inviteStaff(db, { providerId, email, role: "MANAGER", actor: { userId: owner.id } });
    expect(await refusal(inviteStaff(db, { providerId, email, role: "CASHIER", actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect((await listInvitations(db, providerId))[0]?.role).toBe("MANAGER");
  });

  it("lets a manager add cashiers but not owners or managers", async () => {
    const { providerId } = await business();
    const manager = await staff(providerId, "MANAGER");
    const a = await user();
    const b = await user();
    expect(await refusal(inviteStaff(db, { providerId, email: a.email, role: "OWNER", actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect(await refusal(inviteStaff(db, { providerId, email: a.email, role: "MANAGER", actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect((await inviteStaff(db, { providerId, email: b.email, role: "CASHIER", actor: { userId: manager.id } })).outcome).toBe("ADDED");
    expect(await outbox(a.email)).toHaveLength(0);
  });

  it("does not let a manager demote an owner through an invitation", async () => {
    const { providerId, owner } = await business();
    const manager = await staff(providerId, "MANAGER");
    expect(await refusal(inviteStaff(db, { providerId, email: owner.email, role: "CASHIER", actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect((await listStaff(db, providerId)).find((r) => r.userId === owner.id)?.role).toBe("OWNER");
  });

  it("keeps the last owner an owner", async () => {
    const { providerId, owner } = await business();
    expect(await refusal(inviteStaff(db, { providerId, email: owner.email, role: "MANAGER", actor: { userId: owner.id } }))).toBe("CONFLICT");
  });

  it("refuses someone who is not staff of that provider", async () => {
    const { providerId } = await business();
    const other = await business();
    const person = await user();
    expect(await refusal(inviteStaff(db, { providerId, email: person.email, role: "CASHIER", actor: { userId: other.owner.id } }))).toBe("NOT_FOUND");
    expect(await listStaff(db, providerId)).toHaveLength(1);
  });
});

describe("removeStaff", () => {
  it("protects the last owner, also from themselves", async () => {
    const { providerId, owner } = await business();
    expect(await refusal(removeStaff(db, { providerId, userId: owner.id, actor: { userId: owner.id } }))).toBe("CONFLICT");
    const second = await staff(providerId, "OWNER");
    await removeStaff(db, { providerId, userId: owner.id, actor: { userId: owner.id } });
    expect((await listStaff(db, providerId)).map((r) => r.userId)).toEqual([second.id]);
  });

  it("lets a manager remove cashiers and themselves, not owners or other managers", async () => {
    const { providerId, owner } = await business();
    const manager = await staff(providerId, "MANAGER");
    const other = await staff(providerId, "MANAGER");
    const cashier = await staff(providerId, "CASHIER");
    expect(await refusal(removeStaff(db, { providerId, userId: owner.id, actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect(await refusal(removeStaff(db, { providerId, userId: other.id, actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    await removeStaff(db, { providerId, userId: cashier.id, actor: { userId: manager.id } });
    await removeStaff(db, { providerId, userId: manager.id, actor: { userId: manager.id } });
    expect((await listStaff(db, providerId)).map((r) => r.userId).sort()).toEqual([owner.id, other.id].sort());
  });

  it("cannot reach another provider's staff", async () => {
    const a = await business();
    const b = await business();
    const cashierOfB = await staff(b.providerId, "CASHIER");
    // A's owner names B's cashier under A's id: not part of A.
    expect(await refusal(removeStaff(db, { providerId: a.providerId, userId: cashierOfB.id, actor: { userId: a.owner.id } }))).toBe("NOT_FOUND");
    // A's owner names B's id: not staff of B.
    expect(await refusal(removeStaff(db, { providerId: b.providerId, userId: cashierOfB.id, actor: { userId: a.owner.id } }))).toBe("NOT_FOUND");
    expect(await listStaff(db, b.providerId)).toHaveLength(2);
    expect(await listStaff(db, a.providerId)).toHaveLength(1);
  });
});

describe("revokeInvitation", () => {
  it("withdraws a pending invitation, audit-logged; managers only cashier ones; never another tenant's", async () => {
    const { providerId, owner } = await business();
    const manager = await staff(providerId, "MANAGER");
    const other = await business();
    const cashierMail = `c-${short()}@staff.test`;
    const managerMail = `m-${short()}@staff.test`;
    await inviteStaff(db, { providerId, email: cashierMail, role: "CASHIER", actor: { userId: owner.id } });
    await inviteStaff(db, { providerId, email: managerMail, role: "MANAGER", actor: { userId: owner.id } });
    const byEmail = async (email: string) => (await listInvitations(db, providerId)).find((i) => i.email === email)?.id ?? "";
    const cashierInvite = await byEmail(cashierMail);
    const managerInvite = await byEmail(managerMail);

    expect(await refusal(revokeInvitation(db, { providerId, invitationId: managerInvite, actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect(await refusal(revokeInvitation(db, { providerId: other.providerId, invitationId: cashierInvite, actor: { userId: other.owner.id } }))).toBe("NOT_FOUND");
    expect(await refusal(revokeInvitation(db, { providerId, invitationId: cashierInvite, actor: { userId: other.owner.id } }))).toBe("NOT_FOUND");
    expect(await refusal(revokeInvitation(db, { providerId, invitationId: "not-a-uuid", actor: { userId: owner.id } }))).toBe("NOT_FOUND");

    await revokeInvitation(db, { providerId, invitationId: cashierInvite, actor: { userId: manager.id } });
    await revokeInvitation(db, { providerId, invitationId: managerInvite, actor: { userId: owner.id } });
    expect(await listInvitations(db, providerId)).toEqual([]);
    expect(await db.auditLog.count({ where: { providerId, action: "staff.invite.revoke" } })).toBe(2);
  });
});

describe("setStaffCap", () => {
  it("sets and clears a cashier's own cap, audit-logged with before and after", async () => {
    const { providerId, owner } = await business();
    const cashier = await staff(providerId, "CASHIER");
    await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 5_000n, actor: { userId: owner.id } });
    expect((await listStaff(db, providerId)).find((r) => r.userId === cashier.id)?.dailyCapMinor).toBe(5_000n);
    await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: null, actor: { userId: owner.id } });
    expect((await listStaff(db, providerId)).find((r) => r.userId === cashier.id)?.dailyCapMinor).toBeNull();
    const audit = await db.auditLog.findMany({ where: { providerId, action: "staff.cap.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, a.targetId, a.before, a.after])).toEqual([
      [owner.id, cashier.id, { dailyCapMinor: null, dailyCapCurrency: null }, { dailyCapMinor: "5000", dailyCapCurrency: "EUR" }],
      [owner.id, cashier.id, { dailyCapMinor: "5000", dailyCapCurrency: "EUR" }, { dailyCapMinor: null, dailyCapCurrency: null }],
    ]);
  });

  it("lets managers cap cashiers only; refuses cashiers, negative caps and other tenants", async () => {
    const { providerId, owner } = await business();
    const manager = await staff(providerId, "MANAGER");
    const cashier = await staff(providerId, "CASHIER");
    const other = await business();
    await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 1_000n, actor: { userId: manager.id } });
    expect(await refusal(setStaffCap(db, { providerId, userId: owner.id, dailyCapMinor: 1_000n, actor: { userId: manager.id } }))).toBe("FORBIDDEN");
    expect(await refusal(setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 9_000n, actor: { userId: cashier.id } }))).toBe("FORBIDDEN");
    expect(await refusal(setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: -1n, actor: { userId: owner.id } }))).toBe("VALIDATION");
    expect(await refusal(setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 9_000n, actor: { userId: other.owner.id } }))).toBe("NOT_FOUND");
    expect(await refusal(setStaffCap(db, { providerId: other.providerId, userId: cashier.id, dailyCapMinor: 9_000n, actor: { userId: other.owner.id } }))).toBe("NOT_FOUND");
    expect((await listStaff(db, providerId)).find((r) => r.userId === cashier.id)?.dailyCapMinor).toBe(1_000n);
  });

  it("sets the spend cap beside the earn cap: a cap left out stays as it is", async () => {
    const { providerId, owner } = await business();
    const cashier = await staff(providerId, "CASHIER");
    await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 5_000n, actor: { userId: owner.id } });
    expect(await setStaffCap(db, { providerId, userId: cashier.id, dailySpendCapMinor: 2_000n, actor: { userId: owner.id } })).toEqual({ userId: cashier.id, dailyCapMinor: 5_000n, dailyCapCurrency: "EUR", dailySpendCapMinor: 2_000n, dailySpendCapCurrency: "EUR" });
    expect((await listStaff(db, providerId)).find((r) => r.userId === cashier.id)).toMatchObject({ dailyCapMinor: 5_000n, dailySpendCapMinor: 2_000n });
    const audit = await db.auditLog.findMany({ where: { providerId, action: "staff.cap.update" }, orderBy: { id: "asc" } });
    expect(audit.at(-1)).toMatchObject({ before: { dailySpendCapMinor: null }, after: { dailySpendCapMinor: "2000", dailySpendCapCurrency: "EUR" } });
  });

  it("stores each cap's currency, one of the business's program currencies (the first program's by default); any other is refused", async () => {
    const { providerId, owner } = await business();
    const cashier = await staff(providerId, "CASHIER");
    expect(await refusalOf(setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 5_000n, dailyCapCurrency: "USD", actor: { userId: owner.id } }))).toMatchObject({
      code: "VALIDATION",
      field: "dailyCapCurrency",
      message: expect.stringContaining("EUR"),
    });
    expect(await refusalOf(setStaffCap(db, { providerId, userId: cashier.id, dailySpendCapMinor: 5_000n, dailySpendCapCurrency: "XYZ", actor: { userId: owner.id } }))).toMatchObject({
      code: "VALIDATION",
      field: "dailySpendCapCurrency",
    });
    await db.program.create({ data: { providerId, name: "Points", slug: `points-${randomUUID().slice(0, 8)}`, currency: "PTS", ruleSet: serializeRuleSet(percentageRuleSet(100)) } });
    expect(await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: 300n, dailyCapCurrency: "PTS", dailySpendCapMinor: 2_000n, actor: { userId: owner.id } })).toEqual({
      userId: cashier.id,
      dailyCapMinor: 300n,
      dailyCapCurrency: "PTS",
      dailySpendCapMinor: 2_000n,
      dailySpendCapCurrency: "EUR",
    });
    expect(await staffCapCurrencies(db, providerId)).toEqual(["EUR", "PTS"]);
    // Cleared, a cap has no currency either.
    expect(await setStaffCap(db, { providerId, userId: cashier.id, dailyCapMinor: null, actor: { userId: owner.id } })).toMatchObject({ dailyCapMinor: null, dailyCapCurrency: null, dailySpendCapCurrency: "EUR" });
  });
});

describe("staff audit", () => {
  it("records removals", async () => {
    const { providerId, owner } = await business();
    const cashier = await staff(providerId, "CASHIER");
    await removeStaff(db, { providerId, userId: cashier.id, actor: { userId: owner.id } });
    const audit = await db.auditLog.findFirstOrThrow({ where: { providerId, action: "staff.remove" } });
    expect(audit).toMatchObject({ actorId: owner.id, targetId: cashier.id, before: { email: cashier.email, role: "CASHIER" } });
  });
});
