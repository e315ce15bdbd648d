import "server-only";
import { db } from "@/lib/db/client";
import { outboxEnabled, redactExpiredEmails } from "./send-email";

/**
 * The outbox is a development tool: with no mail server it is where sign-up links land. It is open to
 * anyone only outside production (or on a demo install, BOOMERANG_DEMO=1); platform admins can always read it.
 */
export function outboxIsPublic(): boolean {
  return outboxEnabled() && (process.env.NODE_ENV !== "production" || process.env.BOOMERANG_DEMO === "1");
}

/** One-time tokens in links (sign-up, password reset, e-mail change, withdrawal confirmation). */
const TOKEN = /([?&]token=)[^&\s]+/g;

/** A message's text with every one-time token in its links hidden. */
export function hideTokens(text: string): string {
  return text.replace(TOKEN, "$1[hidden]");
}

/**
 * The latest messages. `hideTokens`: links carrying one-time tokens are shown without them — how an admin
 * reads the outbox where it is not public (production), so reading it never lets anyone act as the recipient.
 */
export async function listOutbox(opts: { to?: string; take?: number; hideTokens?: boolean } = {}) {
  await redactExpiredEmails(db);
  const messages = await db.emailMessage.findMany({
    where: opts.to ? { to: opts.to } : undefined,
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 50,
    select: { id: true, to: true, subject: true, text: true, transport: true, sentAt: true, error: true, createdAt: true },
  });
  return opts.hideTokens ? messages.map((m) => ({ ...m, text: hideTokens(m.text) })) : messages;
}
