import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { normaliseMemberCode } from "@/lib/members/member-code";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PersonHit = { id: string; email: string; name: string | null; isAdmin: boolean; deleted: boolean; createdAt: Date };

/** People matching an e-mail, a name, a member code or a user/member id (at most 25). */
export async function findPeople(db: DbOrTx, params: { q: string }): Promise<PersonHit[]> {
  const q = params.q.trim();
  if (q.length < 2) return [];
  const code = normaliseMemberCode(q);
  const users = await db.user.findMany({
    where: {
      OR: [
        { email: { contains: q.toLowerCase() } },
        { name: { contains: q, mode: "insensitive" } },
        ...(code ? [{ members: { some: { code } } }] : []),
        ...(UUID.test(q) ? [{ id: q }, { members: { some: { id: q } } }] : []),
      ],
    },
    orderBy: { createdAt: "desc" },
    take: 25,
    select: { id: true, email: true, name: true, isAdmin: true, deletedAt: true, createdAt: true },
  });
  return users.map((u) => ({ id: u.id, email: u.email, name: u.name, isAdmin: u.isAdmin, deleted: u.deletedAt !== null, createdAt: u.createdAt }));
}
