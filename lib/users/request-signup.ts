import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { sendEmail } from "@/lib/email/send-email";
import { consumeRateLimit } from "@/lib/rate-limit/consume";
import { DomainError } from "@/lib/errors";
import { appUrl } from "@/lib/app-url";

const LINK_TTL_MS = 24 * 60 * 60 * 1000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Starts a sign-up: e-mails a link that creates the account. The answer and the work done are the same
 * whether or not the e-mail already has an account — its owner gets a "you already have an account" note
 * instead of a link — so sign-up cannot be used to find out who is a customer.
 */
export async function requestSignup(input: { email: string; password: string; name?: string; callbackUrl?: string; ip: string }): Promise<void> {
  for (const [key, limit] of [
    [`signup:email:${input.email}`, { limit: 5, windowSeconds: 3600 }],
    [`signup:ip:${input.ip}`, { limit: 30, windowSeconds: 3600 }],
  ] as const) {
    const hit = await consumeRateLimit(db, key, limit);
    if (!hit.ok) throw new DomainError("RATE_LIMITED", "Too many sign-up attempts. Please try again later.", { retryAfterSeconds: hit.retryAfterSeconds });
  }

  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    await sendEmail(db, {
      to: input.email,
      subject: "You already have a Boomerang account",
      text: `Someone (hopefully you) tried to create a Boomerang account with this e-mail address.\n\nYou already have one: sign in at ${appUrl("/signin")}\n\nIf this was not you, you can ignore this message.`,
    });
    return;
  }

  await db.$transaction((tx) => issueSignupLink(tx, { email: input.email, name: input.name || null, passwordHash, callbackUrl: input.callbackUrl }));
}

/** Records a sign-up request with a fresh single-use token and e-mails its confirmation link (also a support resend). */
export async function issueSignupLink(tx: Tx, input: { email: string; name: string | null; passwordHash: string; callbackUrl?: string }): Promise<void> {
  const token = randomBytes(32).toString("base64url");
  const next = input.callbackUrl && input.callbackUrl.startsWith("/") && !input.callbackUrl.startsWith("//") ? input.callbackUrl : undefined;
  const link = appUrl(`/verify?token=${token}${next ? `&callbackUrl=${encodeURIComponent(next)}` : ""}`);
  await tx.signupRequest.create({
    data: { tokenHash: hashToken(token), email: input.email, name: input.name, passwordHash: input.passwordHash, expiresAt: new Date(Date.now() + LINK_TTL_MS) },
  });
  await sendEmail(tx, {
    to: input.email,
    subject: "Confirm your e-mail to finish signing up",
    text: `Welcome to Boomerang${input.name ? `, ${input.name}` : ""}!\n\nOpen this link to confirm your e-mail address and create your account:\n${link}\n\nThe link works once and expires in 24 hours.`,
    html: `<p>Welcome to Boomerang${input.name ? `, ${escapeHtml(input.name)}` : ""}!</p><p><a href="${link}">Confirm your e-mail and create your account</a></p><p>The link works once and expires in 24 hours.</p>`,
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
