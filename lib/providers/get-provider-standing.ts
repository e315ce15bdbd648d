import "server-only";
import { cache } from "react";
import { db, type DbOrTx } from "@/lib/db/client";
import type { ProviderStatus } from "@/lib/db/generated/enums";

export type ProviderStanding = { status: ProviderStatus; suspendedReason: string | null; suspendedAt: Date | null };

/** The business's standing with the platform, for the banner its staff see (null when it does not exist). */
export async function getProviderStanding(db: DbOrTx, providerId: string): Promise<ProviderStanding | null> {
  return db.provider.findUnique({ where: { id: providerId }, select: { status: true, suspendedReason: true, suspendedAt: true } });
}

/** Per request, on the app's database: what the dashboard's banner reads. */
export const providerStanding = cache((providerId: string) => getProviderStanding(db, providerId));
