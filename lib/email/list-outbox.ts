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

export async function listOutbox(opts: { to?: string; take?: number } = {}) {
  await redactExpiredEmails(db);
  return db.emailMessage.findMany({
    where: opts.to ? { to: opts.to } : undefined,
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 50,
    select: { id: true, to: true, subject: true, text: true, transport: true, sentAt: true, error: true, createdAt: true },
  });
}
