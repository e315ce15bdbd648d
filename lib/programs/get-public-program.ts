import "server-only";
import { cache } from "react";
import { db, type DbOrTx } from "@/lib/db/client";
import { publicImageUrl } from "@/lib/uploads/store-image";
import { describeEarning, membershipLabel, paysIn, readSocialLinks, type ProgramPageView } from "./program-page-view";

/** `paid`: joining goes through the membership checkout (/join/<slug>) instead of the free Join button. */
/** `paused`: the platform suspended the business — the page stays up and says so, and nobody can join. */
export type PublicProgram = { id: string; slug: string; published: boolean; paid: boolean; paused: boolean; view: ProgramPageView };

/**
 * A program as shown on its public page. Unpublished programs (and businesses not yet approved) are visible only
 * to that provider's staff, as a preview; everyone else gets null (a 404), the same as for a slug that does not
 * exist. A suspended business's published program stays visible to everyone, marked `paused`.
 */
export async function findPublicProgram(client: DbOrTx, slug: string, viewerUserId?: string | null): Promise<PublicProgram | null> {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return null;
  const program = await client.program.findUnique({
    where: { slug },
    select: {
      id: true,
      name: true,
      slug: true,
      currency: true,
      description: true,
      brandColor: true,
      published: true,
      providerId: true,
      logoKey: true,
      coverKey: true,
      ruleSet: true,
      membershipPriceMinor: true,
      membershipInterval: true,
      address: true,
      contactEmail: true,
      contactPhone: true,
      website: true,
      openingHours: true,
      socialLinks: true,
      provider: { select: { name: true, status: true } },
    },
  });
  if (!program) return null;
  const paused = program.provider.status === "SUSPENDED";
  const visible = program.published && (program.provider.status === "ACTIVE" || paused);
  if (!visible) {
    const staff = viewerUserId
      ? await client.staffMember.findFirst({ where: { userId: viewerUserId, providerId: program.providerId }, select: { id: true } })
      : null;
    if (!staff) return null;
  }
  return {
    id: program.id,
    slug: program.slug,
    published: visible,
    paid: program.membershipPriceMinor !== null,
    paused,
    view: {
      name: program.name,
      providerName: program.provider.name,
      slug: program.slug,
      brandColor: program.brandColor,
      description: program.description,
      logoUrl: publicImageUrl(program.logoKey),
      coverUrl: publicImageUrl(program.coverKey),
      ...describeEarning(program.ruleSet, program.currency),
      membershipLabel: membershipLabel(program.membershipPriceMinor, program.membershipInterval, program.currency),
      paysIn: paysIn(program.currency),
      address: program.address,
      contactEmail: program.contactEmail,
      contactPhone: program.contactPhone,
      website: program.website,
      openingHours: program.openingHours,
      socialLinks: readSocialLinks(program.socialLinks),
    },
  };
}

/** Per request: the page and its metadata share one lookup. */
export const getPublicProgram = cache((slug: string, viewerUserId?: string | null) => findPublicProgram(db, slug, viewerUserId));
