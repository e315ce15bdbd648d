import type { DbOrTx } from "@/lib/db/client";
import type { StaffRole } from "@/lib/db/generated/enums";

export async function addStaff(db: DbOrTx, input: { providerId: string; userId: string; role: StaffRole }) {
  return db.staffMember.upsert({
    where: { userId_providerId: { userId: input.userId, providerId: input.providerId } },
    create: input,
    update: { role: input.role },
  });
}
