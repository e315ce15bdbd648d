import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, MemberStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";

export type ProfileMembership = {
  memberId: string;
  status: MemberStatus;
  programName: string;
  programSlug: string;
  brandColor: string;
  currency: Currency;
  joinedAt: Date;
  balances: { pending: bigint; available: bigint; held: bigint };
};

export type Profile = { id: string; email: string; name: string | null; isStaff: boolean; isAdmin: boolean; memberships: ProfileMembership[] };

/** What the profile page shows: the account and every membership with its status and balances. */
export async function getProfile(userId: string): Promise<Profile | null> {
  const user = await db.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      _count: { select: { staff: true } },
      members: {
        orderBy: { joinedAt: "asc" },
        select: { id: true, status: true, joinedAt: true, program: { select: { name: true, slug: true, brandColor: true, currency: true } } },
      },
    },
  });
  if (!user) return null;
  const balances = await memberBalances(db, user.members.map((m) => m.id));
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isStaff: user._count.staff > 0,
    isAdmin: user.isAdmin,
    memberships: user.members.map((m) => ({
      memberId: m.id,
      status: m.status,
      programName: m.program.name,
      programSlug: m.program.slug,
      brandColor: m.program.brandColor,
      currency: m.program.currency,
      joinedAt: m.joinedAt,
      balances: balances.get(m.id) ?? { pending: 0n, available: 0n, held: 0n },
    })),
  };
}
