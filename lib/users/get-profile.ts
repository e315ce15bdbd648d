import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, MemberStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";
import { ENDED_STATUSES } from "@/lib/memberships/member-status";

export type ProfileMembership = {
  memberId: string;
  status: MemberStatus;
  programName: string;
  programSlug: string;
  brandColor: string;
  currency: Currency;
  joinedAt: Date;
  balances: { pending: bigint; available: bigint; held: bigint };
  /** A paid membership (it has a subscription record, whatever its state): it can be left even when unpaid. */
  paid: boolean;
  /** A Stripe subscription that can still charge: leaving or deleting the account cancels it. */
  paying: boolean;
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
        select: {
          id: true,
          status: true,
          joinedAt: true,
          program: { select: { name: true, slug: true, brandColor: true, currency: true } },
          subscription: { select: { status: true, stripeSubscriptionId: true } },
        },
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
      paid: m.subscription !== null,
      paying: m.subscription?.stripeSubscriptionId != null && !ENDED_STATUSES.has(m.subscription.status),
    })),
  };
}
