import "server-only";
import { appUrl } from "@/lib/app-url";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record-audit";
import { sendEmail } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { addStaff } from "./add-staff";
import { staffCapCurrency } from "./staff-cap-currency";

export type InviteStaffInput = {
  providerId: string;
  email: string;
  role: StaffRole;
  /** The person's own register daily cap (over the program's default); null or left out: none. */
  dailyCapMinor?: bigint | null;
  /** The cap's currency, one of the business's programs'; left out: the first program's. */
  dailyCapCurrency?: string | null;
  actor: { userId: string };
};
export type InviteStaffResult = { outcome: "ADDED" | "INVITED"; email: string; role: StaffRole };

export const ROLE_LABEL: Record<StaffRole, string> = { OWNER: "owner", MANAGER: "manager", CASHIER: "cashier" };

/** Owners may grant any role; managers may only add cashiers. Anyone else may grant nothing. */
export function canGrant(actorRole: StaffRole, role: StaffRole): boolean {
  if (actorRole === "OWNER") return true;
  return actorRole === "MANAGER" && role === "CASHIER";
}

/** The actor's role at this provider, read from the database; not being staff there looks like a missing provider. */
export async function actorRole(db: DbOrTx, providerId: string, userId: string): Promise<StaffRole> {
  const grant = await db.staffMember.findUnique({ where: { userId_providerId: { userId, providerId } }, select: { role: true } });
  if (!grant) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
  return grant.role;
}

/**
 * Gives an existing account its role at once and tells them; for an unknown address, records a pending
 * invitation (role and cap) and e-mails a sign-up link: confirming the sign-up with that address turns every
 * pending invitation into a staff membership (lib/providers/accept-invitations.ts).
 */
export async function inviteStaff(db: DbOrTx, input: InviteStaffInput): Promise<InviteStaffResult> {
  const email = input.email.trim().toLowerCase();
  const role = await actorRole(db, input.providerId, input.actor.userId);
  if (!canGrant(role, input.role)) throw new DomainError("FORBIDDEN", "Only an owner can add owners or managers.", { field: "role" });
  const dailyCapMinor = input.dailyCapMinor ?? null;
  if (dailyCapMinor !== null && dailyCapMinor < 0n) throw new DomainError("VALIDATION", "A daily cap cannot be negative.", { field: "dailyCap" });
  const dailyCapCurrency = dailyCapMinor === null ? null : await staffCapCurrency(db, input.providerId, input.dailyCapCurrency);
  const actor = { type: "USER" as const, id: input.actor.userId };

  // Every invitation sends an e-mail to an address the caller chose.
  const hit = await consumeRateLimit(db, `staff-invite:${input.providerId}`, { limit: 30, windowSeconds: 3600 });
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many invitations. Please try again later.", { retryAfterSeconds: hit.retryAfterSeconds });

  const provider = await db.provider.findUniqueOrThrow({ where: { id: input.providerId }, select: { name: true } });
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });

  if (user) {
    const current = await db.staffMember.findUnique({ where: { userId_providerId: { userId: user.id, providerId: input.providerId } }, select: { role: true } });
    // Changing someone's existing role is the same power as granting it, plus the last-owner guard.
    if (current && !canGrant(role, current.role)) throw new DomainError("FORBIDDEN", "Only an owner can change an owner's or a manager's role.", { field: "email" });
    await inTransaction(db, async (tx) => {
      await tx.$queryRaw`SELECT id FROM providers WHERE id = ${input.providerId}::uuid FOR UPDATE`;
      if (current?.role === "OWNER" && input.role !== "OWNER") {
        const owners = await tx.staffMember.count({ where: { providerId: input.providerId, role: "OWNER" } });
        if (owners <= 1) throw new DomainError("CONFLICT", "This is the only owner; add another owner first.", { field: "role" });
      }
      await addStaff(tx, { providerId: input.providerId, userId: user.id, role: input.role, ...(dailyCapMinor !== null && dailyCapCurrency !== null && { dailyCap: { minor: dailyCapMinor, currency: dailyCapCurrency } }) });
      await recordAudit(tx, {
        actor,
        action: "staff.invite",
        providerId: input.providerId,
        target: { type: "user", id: user.id },
        before: current ? { role: current.role } : null,
        after: { email, role: input.role, dailyCapMinor, dailyCapCurrency, outcome: "ADDED" },
      });
      await sendEmail(tx, {
        to: email,
        subject: `You now have access to ${provider.name}`,
        text: `You now have access to ${provider.name} as ${ROLE_LABEL[input.role]}.\n\nSign in at ${appUrl("/signin")} to get started.`,
      });
    });
    return { outcome: "ADDED", email, role: input.role };
  }

  await inTransaction(db, async (tx) => {
    const previous = await tx.staffInvitation.findUnique({
      where: { providerId_email: { providerId: input.providerId, email } },
      select: { role: true, dailyCapMinor: true, dailyCapCurrency: true, acceptedAt: true },
    });
    // A manager may not overwrite an owner's invitation of a manager or owner with a cashier one, or vice versa.
    if (previous && previous.acceptedAt === null && !canGrant(role, previous.role)) {
      throw new DomainError("FORBIDDEN", "Only an owner can change an invitation for an owner or a manager.", { field: "email" });
    }
    const invitation = await tx.staffInvitation.upsert({
      where: { providerId_email: { providerId: input.providerId, email } },
      create: { providerId: input.providerId, email, role: input.role, dailyCapMinor, dailyCapCurrency, invitedById: input.actor.userId },
      update: { role: input.role, dailyCapMinor, dailyCapCurrency, invitedById: input.actor.userId, acceptedAt: null, createdAt: new Date() },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor,
      action: "staff.invite",
      providerId: input.providerId,
      target: { type: "staff_invitation", id: invitation.id },
      before: previous && previous.acceptedAt === null ? { role: previous.role, dailyCapMinor: previous.dailyCapMinor, dailyCapCurrency: previous.dailyCapCurrency } : null,
      after: { email, role: input.role, dailyCapMinor, dailyCapCurrency, outcome: "INVITED" },
    });
    await sendEmail(tx, {
      to: email,
      subject: `${provider.name} invites you to Boomerang`,
      text:
        `${provider.name} would like to add you as ${ROLE_LABEL[input.role]} on Boomerang.\n\n` +
        `Create an account with this e-mail address (${email}) here:\n${appUrl("/signup")}\n\n` +
        `Once you confirm your e-mail you have access to ${provider.name}.`,
    });
  });
  return { outcome: "INVITED", email, role: input.role };
}
