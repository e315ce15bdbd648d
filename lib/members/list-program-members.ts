import "server-only";
import { readDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Currency, MemberStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";
import { LIFETIME_STATUSES } from "./get-member-balance";

export type ProgramMemberRow = {
  id: string;
  name: string | null;
  email: string;
  code: string;
  joinedAt: Date;
  program: { id: string; name: string; currency: Currency };
  /** The membership's own status (payments drive it for paid programs). */
  status: MemberStatus;
  /** The business blocked this member from earning (lib/members/block-member.ts). */
  blocked: boolean;
  segment: string | null;
  tier: string | null;
  pending: bigint;
  available: bigint;
  held: bigint;
  /** Same definition as getMemberBalance: the amounts of the member's PENDING and AVAILABLE rewards. */
  lifetime: bigint;
};

export type ProgramMemberPage = { items: ProgramMemberRow[]; total: number; page: number; pageCount: number; limit: number };

export const MEMBERS_PAGE_SIZE = 25;
const MAX_LIMIT = 500;
const MAX_QUERY = 100;

/**
 * One page of the members of the provider's programs, with their balances: one query for the rows, one
 * for the count, one for the ledger balances and one for lifetime earnings, whatever the page size.
 * `order: "oldest"` keeps offset pages stable while members join (new rows land at the end), which the
 * CSV export relies on.
 */
export async function listProgramMembers(
  providerId: string,
  opts: { q?: string | null; page?: number; limit?: number; order?: "newest" | "oldest" } = {},
): Promise<ProgramMemberPage> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? MEMBERS_PAGE_SIZE), 1), MAX_LIMIT);
  const q = (opts.q ?? "").trim().slice(0, MAX_QUERY);
  const where: Prisma.MemberWhereInput = {
    program: { providerId },
    ...(q
      ? {
          OR: [
            { user: { name: { contains: q, mode: "insensitive" } } },
            { user: { email: { contains: q, mode: "insensitive" } } },
            { code: { contains: q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const total = await readDb.member.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const requested = Number.isFinite(opts.page) ? Math.trunc(opts.page ?? 1) : 1;
  const page = Math.min(Math.max(requested, 1), pageCount);
  const direction = opts.order === "oldest" ? "asc" : "desc";
  const members = await readDb.member.findMany({
    where,
    orderBy: [{ joinedAt: direction }, { id: direction }],
    skip: (page - 1) * limit,
    take: limit,
    select: {
      id: true,
      code: true,
      joinedAt: true,
      status: true,
      earningBlockedAt: true,
      segment: true,
      tier: true,
      user: { select: { name: true, email: true } },
      program: { select: { id: true, name: true, currency: true } },
    },
  });
  const ids = members.map((m) => m.id);
  const [balances, lifetimes] = await Promise.all([
    memberBalances(readDb, ids),
    ids.length === 0
      ? Promise.resolve([])
      : readDb.reward.groupBy({ by: ["memberId"], where: { memberId: { in: ids }, status: { in: [...LIFETIME_STATUSES] } }, _sum: { amountMinor: true } }),
  ]);
  const lifetime = new Map(lifetimes.map((l) => [l.memberId, l._sum.amountMinor ?? 0n]));
  const items = members.map((m): ProgramMemberRow => {
    const b = balances.get(m.id) ?? { pending: 0n, available: 0n, held: 0n };
    return {
      id: m.id,
      name: m.user.name,
      email: m.user.email,
      code: m.code,
      joinedAt: m.joinedAt,
      program: m.program,
      status: m.status,
      blocked: m.earningBlockedAt !== null,
      segment: m.segment,
      tier: m.tier,
      ...b,
      lifetime: lifetime.get(m.id) ?? 0n,
    };
  });
  return { items, total, page, pageCount, limit };
}
