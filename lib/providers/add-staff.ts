import type { DbOrTx } from "@/lib/db/client";
import type { Currency, StaffRole } from "@/lib/db/generated/enums";

/** Grants a role (and, when given, a register daily cap with its currency; null clears it, undefined keeps it). */
export async function addStaff(db: DbOrTx, input: { providerId: string; userId: string; role: StaffRole; dailyCap?: { minor: bigint; currency: Currency } | null }) {
  const { dailyCap, ...grant } = input;
  const cap = dailyCap === undefined ? {} : { dailyCapMinor: dailyCap?.minor ?? null, dailyCapCurrency: dailyCap?.currency ?? null };
  return db.staffMember.upsert({
    where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
    create: { ...grant, ...cap },
    update: { role: input.role, ...cap },
  });
}
