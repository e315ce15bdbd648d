import nodemailer, { type Transporter } from "nodemailer";
import type { DbOrTx } from "@/lib/db/client";

export type Email = { to: string; subject: string; text: string; html?: string };

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
export async function sendEmail(db: DbOrTx, email: Email): Promise<void> {
  const transport = smtp();
  const row = await db.emailMessage.create({
    data: { to: email.to, subject: email.subject, text: email.text, html: email.html, transport: transport ? "smtp" : "outbox" },
  });
  if (!transport) return;
  try {
    await transport.sendMail({ from: process.env.EMAIL_FROM ?? "Boomerang <no-reply@boomerang.local>", ...email });
    await db.emailMessage.update({ where: { id: row.id }, data: { sentAt: new Date() } });
  } catch (error) {
    await db.emailMessage.update({ where: { id: row.id }, data: { error: error instanceof Error ? error.message : String(error) } });
  }
}
