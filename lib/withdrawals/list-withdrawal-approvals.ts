import "server-only";
import { db } from "@/lib/db/client";

/** Withdrawals waiting for a platform admin, oldest first, with what an admin needs to judge them. */
export async function listWithdrawalApprovals() {
  const rows = await db.withdrawal.findMany({
    where: { status: "AWAITING_APPROVAL" },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: {
      id: true,
      amountMinor: true,
      currency: true,
      createdAt: true,
      user: { select: { email: true, name: true, createdAt: true } },
      member: { select: { joinedAt: true, program: { select: { name: true } } } },
      linkedAccount: { select: { institutionName: true, mask: true, linkedAt: true } },
    },
  });
  return rows;
}
