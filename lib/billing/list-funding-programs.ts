import "server-only";
import { db } from "@/lib/db/client";
import { getProviderFunding } from "./get-provider-funding";

/** The Billing page's funding position (lib/billing/get-provider-funding.ts) of the signed-in business. */
export const getFundingOf = (providerId: string) => getProviderFunding(db, providerId);

/** A provider's programs paid in money, with their funding settings (BigInt as strings, for the client card). */
export async function listFundingPrograms(providerId: string) {
  const programs = await db.program.findMany({
    where: { providerId, currency: { not: "PTS" } },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, currency: true, withdrawOnlyFunded: true, lowBalanceThresholdMinor: true },
  });
  return programs.map((p) => ({ ...p, lowBalanceThresholdMinor: p.lowBalanceThresholdMinor?.toString() ?? null }));
}
