import { recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";

export const STAFF_TWO_FACTOR_REQUIRED = "This business requires two-factor sign-in of its staff: set it up in your profile first.";

/**
 * Whether `userId` must set up two-factor sign-in before working for `providerId`: its owner requires it and
 * the user has not turned it on. One read.
 */
export async function staffTwoFactorMissing(db: DbOrTx, input: { userId: string; providerId: string }): Promise<boolean> {
  const [provider, user] = await Promise.all([
    db.provider.findUnique({ where: { id: input.providerId }, select: { requireStaffTwoFactor: true } }),
    db.user.findUnique({ where: { id: input.userId }, select: { totpEnabledAt: true } }),
  ]);
  return Boolean(provider?.requireStaffTwoFactor) && !user?.totpEnabledAt;
}

/** Whether any business the user works for requires two-factor sign-in of its staff. */
export async function anyEmployerRequiresTwoFactor(db: DbOrTx, userId: string): Promise<boolean> {
  return (await db.staffMember.count({ where: { userId, provider: { requireStaffTwoFactor: true } } })) > 0;
}

/**
 * The owner requires (or stops requiring) two-factor sign-in of everyone who works for the business; in the
 * audit log as `provider.staff_two_factor`. Owners only, and an owner must have it on before requiring it.
 */
export async function setStaffTwoFactorRequired(db: DbOrTx, input: { providerId: string; userId: string; required: boolean }): Promise<{ required: boolean; changed: boolean }> {
  return inTransaction(db, async (tx) => {
    const staff = await tx.staffMember.findUnique({ where: { userId_providerId: { userId: input.userId, providerId: input.providerId } }, select: { role: true } });
    if (!staff) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
    if (staff.role !== "OWNER") throw new DomainError("FORBIDDEN", "Only owners can change what staff need to sign in.");
    const before = await tx.provider.findUniqueOrThrow({ where: { id: input.providerId }, select: { requireStaffTwoFactor: true } });
    if (before.requireStaffTwoFactor === input.required) return { required: input.required, changed: false };
    if (input.required) {
      const owner = await tx.user.findUnique({ where: { id: input.userId }, select: { totpEnabledAt: true } });
      if (!owner?.totpEnabledAt) throw new DomainError("CONFLICT", "Turn on two-factor sign-in for your own account first (Profile), so requiring it cannot lock you out.");
    }
    await tx.provider.update({ where: { id: input.providerId }, data: { requireStaffTwoFactor: input.required } });
    await recordAudit(tx, {
      actor: { type: "USER", id: input.userId },
      action: "provider.staff_two_factor",
      providerId: input.providerId,
      target: { type: "provider", id: input.providerId },
      before: { requireStaffTwoFactor: before.requireStaffTwoFactor },
      after: { requireStaffTwoFactor: input.required },
    });
    return { required: input.required, changed: true };
  });
}
