import "server-only";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { readEmailChangeToken } from "./email-change-token";

/** What a link asks for, for the confirmation page (null for a bad, expired, used or someone else's link). */
export async function previewEmailChange(userId: string, token: string): Promise<{ from: string; to: string } | null> {
  const change = readEmailChangeToken(token);
  if (!change || change.userId !== userId) return null;
  const user = await db.user.findFirst({ where: { id: userId, deletedAt: null }, select: { email: true } });
  return user?.email === change.from ? { from: change.from, to: change.to } : null;
}

/** Applies a confirmed change: only by the signed-in owner, once, and only to an address no account uses. */
export async function confirmEmailChange(userId: string, token: string): Promise<{ email: string }> {
  const change = readEmailChangeToken(token);
  if (!change || change.userId !== userId) throw new DomainError("NOT_FOUND", "This link is not valid any more. Ask for a new one from your profile.");
  const taken = await db.user.findUnique({ where: { email: change.to }, select: { id: true } });
  if (taken && taken.id !== userId) throw new DomainError("CONFLICT", `Another account already uses ${change.to}.`);
  try {
    const updated = await db.user.updateMany({ where: { id: userId, email: change.from, deletedAt: null }, data: { email: change.to } });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", "This link is not valid any more. Ask for a new one from your profile.");
  } catch (error) {
    // Someone took the address between the check and the update.
    if (error instanceof Error && "code" in error && error.code === "P2002") throw new DomainError("CONFLICT", `Another account already uses ${change.to}.`);
    throw error;
  }
  return { email: change.to };
}
