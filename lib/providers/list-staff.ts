import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, StaffRole } from "@/lib/db/generated/enums";

export type StaffRow = { userId: string; name: string | null; email: string; role: StaffRole; since: Date; dailyCapMinor: bigint | null; dailyCapCurrency: Currency | null; dailySpendCapMinor: bigint | null; dailySpendCapCurrency: Currency | null };

const ROLE_ORDER: Record<StaffRole, number> = { OWNER: 0, MANAGER: 1, CASHIER: 2 };

/** Everyone with access to this provider, owners first. */
export async function listStaff(db: DbOrTx, providerId: string): Promise<StaffRow[]> {
  const rows = await db.staffMember.findMany({
    where: { providerId },
    select: { userId: true, role: true, createdAt: true, dailyCapMinor: true, dailyCapCurrency: true, dailySpendCapMinor: true, dailySpendCapCurrency: true, user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .map((r) => ({ userId: r.userId, name: r.user.name, email: r.user.email, role: r.role, since: r.createdAt, dailyCapMinor: r.dailyCapMinor, dailyCapCurrency: r.dailyCapCurrency, dailySpendCapMinor: r.dailySpendCapMinor, dailySpendCapCurrency: r.dailySpendCapCurrency }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
}
