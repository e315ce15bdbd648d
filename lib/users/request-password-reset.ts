import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/app-url";
import { sendEmail } from "@/lib/email/send-email";
import { DomainError } from "@/lib/errors";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { emailSchema } from "@/lib/validation";
import { hashToken } from "./request-signup";

export const RESET_LINK_TTL_MS = 30 * 60 * 1000;

/**
 * Starts a password reset: e-mails a single-use link valid for 30 minutes. The answer is the same whether or
 * not the address has an account (nothing is sent when it has none), and the same limits apply to both, so
 * the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(input: { email: unknown; ip: string }): Promise<void> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) throw new DomainError("VALIDATION", parsed.error.issues[0]?.message ?? "Enter a valid e-mail address", { field: "email" });
  const email = parsed.data;
  for (const [key, limit] of [
    [`reset:email:${email}`, { limit: 3, windowSeconds: 3600 }],
    [`reset:ip:${input.ip}`, { limit: 20, windowSeconds: 3600 }],
  ] as const) {
    const hit = await consumeRateLimit(db, key, limit);
    if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many reset requests. Please try again later.", { retryAfterSeconds: hit.retryAfterSeconds });
  }

  const user = await db.user.findFirst({ where: { email, deletedAt: null }, select: { id: true } });
  if (!user) return;
  const token = randomBytes(32).toString("base64url");
  const createdAt = new Date();
  const expiresAt = new Date(createdAt.getTime() + RESET_LINK_TTL_MS);
  const link = appUrl(`/reset-password?token=${token}`);
  await db.$transaction(async (tx) => {
    // One live link at a time: a new request replaces the previous one.
    await tx.passwordReset.deleteMany({ where: { userId: user.id, usedAt: null } });
    await tx.passwordReset.create({ data: { userId: user.id, tokenHash: hashToken(token), createdAt, expiresAt } });
    await sendEmail(
      tx,
      {
        to: email,
        subject: "Reset your Boomerang password",
        text: `Someone (hopefully you) asked to reset the password of your Boomerang account.\n\nOpen this link to choose a new password:\n${link}\n\nThe link works once and expires in 30 minutes. If this was not you, ignore this message: your password stays as it is.`,
        html: `<p>Someone (hopefully you) asked to reset the password of your Boomerang account.</p><p><a href="${link}">Choose a new password</a></p><p>The link works once and expires in 30 minutes. If this was not you, ignore this message: your password stays as it is.</p>`,
      },
      { secrets: [token], until: expiresAt },
    );
  });
}
