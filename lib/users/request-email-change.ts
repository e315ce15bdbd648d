import "server-only";
import { appUrl } from "@/lib/app-url";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { sendEmail } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { emailSchema } from "@/lib/validation";
import { createEmailChangeToken, EMAIL_CHANGE_TTL_MS } from "./email-change-token";

/**
 * Starts an e-mail change: checks the password, then e-mails a confirmation link to the new address and a
 * notice to the current one. Whether the new address already has an account is not said here (it is
 * refused when the link is opened), so this form cannot be used to find out who has an account.
 */
export async function requestEmailChange(userId: string, input: { newEmail: unknown; password: unknown }, now = new Date()): Promise<{ sentTo: string }> {
  const parsed = emailSchema.safeParse(input.newEmail);
  if (!parsed.success) throw new DomainError("VALIDATION", parsed.error.issues[0]?.message ?? "Enter a valid e-mail address", { field: "newEmail" });
  const password = typeof input.password === "string" ? input.password : "";
  if (!password) throw new DomainError("VALIDATION", "Enter your password to confirm.", { field: "password" });
  const hit = await consumeRateLimit(db, `email-change:${userId}`, { limit: 5, windowSeconds: 3600 });
  if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many e-mail changes. Try again later.", { retryAfterSeconds: hit.retryAfterSeconds });
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true, passwordHash: true } });
  if (!user) throw new DomainError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, password))) throw new DomainError("VALIDATION", "That is not your password.", { field: "password" });
  if (parsed.data === user.email) throw new DomainError("VALIDATION", "That is already your e-mail address.", { field: "newEmail" });

  const token = createEmailChangeToken({ userId, from: user.email, to: parsed.data, expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS) });
  const link = appUrl(`/wallet/profile/email?token=${token}`);
  await sendEmail(db, {
    to: parsed.data,
    subject: "Confirm your new e-mail address",
    text: `Open this link to use ${parsed.data} for your Boomerang account:\n${link}\n\nThe link works for 24 hours. If you did not ask for this, ignore this message.`,
  });
  await sendEmail(db, {
    to: user.email,
    subject: "Your Boomerang e-mail address is about to change",
    text: `Someone signed in to your account asked to change its e-mail address to ${parsed.data}. Nothing changes until the link sent there is opened.\n\nIf this was not you, change your password: ${appUrl("/wallet/profile")}`,
  });
  return { sentTo: parsed.data };
}
