import "server-only";
import { db } from "@/lib/db/client";
import { memberBalances } from "@/lib/ledger";

/**
 * The user's programs with their balances in each, oldest membership first. Programs they left are not
 * listed unless `includeLeft` (the history keeps them: it is a record of what happened).
 */
export async function listMemberships(userId: string, opts: { includeLeft?: boolean } = {}) {
  const members = await db.member.findMany({
    where: { userId, ...(opts.includeLeft ? {} : { status: { not: "LEFT" } }) },
    orderBy: [{ joinedAt: "asc" }, { id: "asc" }],
    select: { id: true, code: true, status: true, joinedAt: true, program: { select: { name: true, slug: true, currency: true, brandColor: true } } },
  });
  const balances = await memberBalances(db, members.map((m) => m.id));
  return members.map((m) => ({ ...m, balances: balances.get(m.id) ?? { pending: 0n, available: 0n, held: 0n } }));
}
