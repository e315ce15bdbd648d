import "server-only";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";

/** The user's programs with their balances in each. */
export async function listMemberships(userId: string) {
  const members = await db.member.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: { id: true, code: true, joinedAt: true, program: { select: { name: true, slug: true, currency: true, brandColor: true } } },
  });
  const balances = await memberBalances(db, members.map((m) => m.id));
  return members.map((m) => ({ ...m, balances: balances.get(m.id) ?? { pending: 0n, available: 0n, held: 0n } }));
}
