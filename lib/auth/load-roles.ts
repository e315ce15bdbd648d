import type { DbOrTx } from "@/lib/db/client";
import type { Roles } from "./roles";

export async function loadRoles(db: DbOrTx, userId: string): Promise<Roles | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { isAdmin: true, staff: { select: { providerId: true, role: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!user) return null;
  return { admin: user.isAdmin, staff: user.staff };
}
