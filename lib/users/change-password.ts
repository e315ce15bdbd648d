import "server-only";
import { db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endAllSessions } from "@/lib/auth/sessions";
import { DomainError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { passwordSchema } from "@/lib/validation";

// Guessing the current password through this form is as limited as through the sign-in form.
const LIMIT = { limit: 10, windowSeconds: 15 * 60 };

/** Checks the current password, then stores the new one (same rules as sign-up) and ends every session. */
export async function changePassword(userId: string, input: { currentPassword: unknown; newPassword: unknown }): Promise<void> {
  const current = typeof input.currentPassword === "string" ? input.currentPassword : "";
  if (!current) throw new DomainError("VALIDATION", "Enter your current password.", { field: "currentPassword" });
  const next = passwordSchema.safeParse(input.newPassword);
  if (!next.success) throw new DomainError("VALIDATION", next.error.issues[0]?.message ?? "Choose another password", { field: "newPassword" });
  const hit = await consumeRateLimit(db, `password:${userId}`, LIMIT);
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many attempts. Try again in a few minutes.", { retryAfterSeconds: hit.retryAfterSeconds });
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { passwordHash: true } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, current))) throw new DomainError("VALIDATION", "That is not your current password.", { field: "currentPassword" });
  if (current === next.data) throw new DomainError("VALIDATION", "Choose a password different from the current one.", { field: "newPassword" });
  const passwordHash = await hashPassword(next.data);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await endAllSessions(tx, userId);
  });
}
