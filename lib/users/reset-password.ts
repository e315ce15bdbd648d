import "server-only";
import { db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { endAllSessions } from "@/lib/auth/sessions";
import { clearFailures } from "@/lib/auth/throttle";
import { REDACTED_BODY } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { passwordSchema } from "@/lib/validation";
import { hashToken } from "./request-signup";

const INVALID = "This reset link has expired or was already used. Ask for a new one.";

function tokenHash(token: unknown): string | null {
  return typeof token === "string" && token.length > 0 && token.length <= 200 ? hashToken(token) : null;
}

/** Whether a reset link still works (the page shows the form or says to ask again); consumes nothing. */
export async function passwordResetIsValid(token: unknown): Promise<boolean> {
  const hash = tokenHash(token);
  if (!hash) return false;
  const row = await db.passwordReset.findUnique({ where: { tokenHash: hash }, select: { usedAt: true, expiresAt: true } });
  return row !== null && row.usedAt === null && row.expiresAt > new Date();
}

/**
 * Sets a new password from a reset link: the link works once, within 30 minutes. Every open session ends,
 * failed sign-ins stop counting against the e-mail, and the e-mail that held the link no longer keeps it.
 */
export async function resetPassword(input: { token: unknown; password: unknown }): Promise<{ email: string }> {
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) throw new DomainError("VALIDATION", password.error.issues[0]?.message ?? "Choose another password", { field: "password" });
  const hash = tokenHash(input.token);
  if (!hash) throw new DomainError("NOT_FOUND", INVALID);
  const passwordHash = await hashPassword(password.data);
  return db.$transaction(async (tx) => {
    const row = await tx.passwordReset.findUnique({ where: { tokenHash: hash }, select: { id: true, userId: true, user: { select: { email: true, deletedAt: true } } } });
    // Claimed in one conditional update: two clicks on the same link cannot both succeed.
    const claimed = row ? await tx.passwordReset.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } }) : { count: 0 };
    if (!row || claimed.count !== 1 || row.user.deletedAt) throw new DomainError("NOT_FOUND", INVALID);
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    await endAllSessions(tx, row.userId);
    await clearFailures(tx, `email:${row.user.email}`);
    await tx.emailMessage.updateMany({ where: { to: row.user.email, sensitiveUntil: { not: null } }, data: { text: REDACTED_BODY, html: null, sensitiveUntil: null } });
    return { email: row.user.email };
  });
}
