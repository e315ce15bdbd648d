import nodemailer, { type Transporter } from "nodemailer";
import type { DbOrTx } from "@/lib/db/client";

export type Email = { to: string; subject: string; text: string; html?: string };

/** A message carrying a live link: its secrets are removed from the stored copy once sent, or after `until`. */
export type Sensitive = { secrets: string[]; until: Date };

export const REDACTED_BODY = "(This message held a one-time link. The link has expired or was used, so its text is no longer kept.)";

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join("[removed]") : out), text);
}

/** Blanks the bodies of outbox messages whose one-time links have expired (cheap: an indexed column). */
export async function redactExpiredEmails(db: DbOrTx, now = new Date()): Promise<number> {
  const { count } = await db.emailMessage.updateMany({ where: { sensitiveUntil: { lte: now } }, data: { text: REDACTED_BODY, html: null, sensitiveUntil: null } });
  return count;
}

let transporter: Transporter | null | undefined;

/** The SMTP transport from SMTP_URL (e.g. smtps://user:pass@mail.example.com:465), or null for the outbox. */
function smtp(): Transporter | null {
  if (transporter === undefined) transporter = process.env.SMTP_URL ? nodemailer.createTransport(process.env.SMTP_URL) : null;
  return transporter;
}

export function outboxEnabled(): boolean {
  return !process.env.SMTP_URL;
}

/**
 * Records the message and hands it to SMTP when configured. A mail server failure is recorded on the row
 * and does not fail the caller's operation.
 */
export async function sendEmail(db: DbOrTx, email: Email, sensitive?: Sensitive): Promise<void> {
  const transport = smtp();
  if (sensitive) await redactExpiredEmails(db);
  // With a mail server the stored copy never holds the link; in the outbox (development) it does until it expires.
  const stored = transport && sensitive ? { text: redact(email.text, sensitive.secrets), html: email.html && redact(email.html, sensitive.secrets) } : email;
  const row = await db.emailMessage.create({
    data: {
      to: email.to,
      subject: email.subject,
      text: stored.text,
      html: stored.html,
      transport: transport ? "smtp" : "outbox",
      sensitiveUntil: !transport && sensitive ? sensitive.until : null,
    },
  });
  if (!transport) return;
  try {
    await transport.sendMail({ from: process.env.EMAIL_FROM ?? "Boomerang <no-reply@boomerang.local>", to: email.to, subject: email.subject, text: email.text, html: email.html });
    await db.emailMessage.update({ where: { id: row.id }, data: { sentAt: new Date() } });
  } catch (error) {
    await db.emailMessage.update({ where: { id: row.id }, data: { error: error instanceof Error ? error.message : String(error) } });
  }
}
