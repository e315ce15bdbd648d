import "server-only";
import { db } from "@/lib/db/client";
import { acceptStaffInvitations } from "@/lib/providers/accept-invitations";
import { hashToken } from "./request-signup";

export type ConfirmOutcome = { status: "created"; email: string } | { status: "exists"; email: string } | { status: "invalid" };

/**
 * Opens a sign-up link: creates the account once; an expired, used or unknown link is "invalid". A new
 * account takes up the staff invitations sent to its (now proven) address in the same transaction.
 */
export async function confirmSignup(token: string): Promise<ConfirmOutcome> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: "invalid" };
  return db.$transaction(async (tx) => {
    // Claim the link atomically so two clicks cannot both create the account.
    const claimed = await tx.signupRequest.updateManyAndReturn({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    const request = claimed[0];
    if (!request) return { status: "invalid" } as const;
    const created = await tx.user.createManyAndReturn({
      data: [{ email: request.email, name: request.name, passwordHash: request.passwordHash }],
      skipDuplicates: true,
    });
    const user = created[0];
    if (!user) return { status: "exists", email: request.email } as const;
    await acceptStaffInvitations(tx, { id: user.id, email: user.email });
    return { status: "created", email: request.email } as const;
  });
}
