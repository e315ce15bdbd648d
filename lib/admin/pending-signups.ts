import "server-only";
import type { Db, DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/rewards/actor";
import { issueSignupLink } from "@/lib/users/request-signup";

export type PendingSignup = { email: string; name: string | null; requestedAt: Date; expiresAt: Date };

/** Sign-ups not confirmed yet (no account with that e-mail), matching an e-mail, newest request per address. */
export async function findPendingSignups(db: DbOrTx, params: { q: string }): Promise<PendingSignup[]> {
  const q = params.q.trim().toLowerCase();
  if (q.length < 3) return [];
  const requests = await db.signupRequest.findMany({ where: { email: { contains: q }, usedAt: null }, orderBy: { createdAt: "desc" }, take: 50 });
  const emails = [...new Set(requests.map((r) => r.email))];
  const taken = new Set((await db.user.findMany({ where: { email: { in: emails } }, select: { email: true } })).map((u) => u.email));
  return emails
    .filter((e) => !taken.has(e))
    .slice(0, 10)
    .flatMap((email) => {
      const newest = requests.find((r) => r.email === email);
      return newest ? [{ email, name: newest.name, requestedAt: newest.createdAt, expiresAt: newest.expiresAt }] : [];
    });
}

/**
 * Support resends the confirmation of a sign-up that was never confirmed: a fresh link (24 hours, single use)
 * from the newest request for that e-mail, with the password the person chose. Audited with the reason.
 */
export async function resendSignupConfirmation(db: Db, input: { email: string; actor: Actor; reason: string }): Promise<{ email: string }> {
  const email = input.email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw new DomainError("CONFLICT", "This e-mail already has an account: nothing to confirm.", { field: "email" });
    const newest = await tx.signupRequest.findFirst({ where: { email, usedAt: null }, orderBy: { createdAt: "desc" } });
    if (!newest) throw new DomainError("NOT_FOUND", "No sign-up is waiting for this e-mail.", { field: "email" });
    await issueSignupLink(tx, { email, name: newest.name, passwordHash: newest.passwordHash });
    await recordAudit(tx, { actor: input.actor, action: "signup.confirmation.resend", target: { type: "email", id: email }, reason: input.reason });
    return { email };
  });
}
