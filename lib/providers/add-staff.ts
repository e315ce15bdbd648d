import type { DbOrTx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";

/** Grants a role (and, when given, a register daily cap; null clears it, undefined keeps it). */
export async function addStaff(db: DbOrTx, input: { providerId: string; userId: string; role: StaffRole; dailyCapMinor?: bigint | null }) {
  const { dailyCapMinor, ...grant } = input;
  return db.staffMember.upsert({
    where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
    create: { ...grant, ...(dailyCapMinor !== undefined && { dailyCapMinor }) },
    update: { role: input.role, ...(dailyCapMinor !== undefined && { dailyCapMinor }) },
  });
}
