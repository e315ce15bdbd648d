import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, MemberStatus, MembershipInterval } from "@/lib/db/generated/enums";

export type MembershipOffer = {
  programId: string;
  name: string;
  slug: string;
  brandColor: string;
  providerName: string;
  currency: Currency;
  /** Null: the program is free to join. */
  price: { amountMinor: bigint; interval: MembershipInterval } | null;
  /** The signed-in user's membership, if any. */
  member: { status: MemberStatus; code: string } | null;
};

/** A published program's membership terms as the join pages show them; null when it is not open. */
export async function getMembershipOffer(slug: string, userId: string): Promise<MembershipOffer | null> {
  const program = await db.program.findUnique({
    where: { slug },
    select: {
      id: true,
      name: true,
      slug: true,
      brandColor: true,
      currency: true,
      published: true,
      membershipPriceMinor: true,
      membershipInterval: true,
      provider: { select: { name: true, status: true } },
      members: { where: { userId }, select: { status: true, code: true } },
    },
  });
  if (!program || !program.published || program.provider.status !== "ACTIVE") return null;
  return {
    programId: program.id,
    name: program.name,
    slug: program.slug,
    brandColor: program.brandColor,
    providerName: program.provider.name,
    currency: program.currency,
    price: program.membershipPriceMinor !== null && program.membershipInterval !== null ? { amountMinor: program.membershipPriceMinor, interval: program.membershipInterval } : null,
    member: program.members[0] ?? null,
  };
}
