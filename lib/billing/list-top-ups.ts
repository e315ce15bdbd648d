import { db as defaultDb, type DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type TopUpRow = { id: string; currency: Currency; amountMinor: bigint; status: string; createdAt: Date; paidAt: Date | null };

/**
 * A business's latest top-ups, newest first, whatever became of them: paid (credited to the prepaid balance),
 * open (Checkout started, not paid yet) or expired (abandoned: Stripe expired the Checkout, nothing was charged
 * or credited).
 */
export async function listTopUps(db: DbOrTx, providerId: string, take = 10): Promise<TopUpRow[]> {
  return db.providerTopUp.findMany({
    where: { providerId },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(take, 1), 100),
    select: { id: true, currency: true, amountMinor: true, status: true, createdAt: true, paidAt: true },
  });
}

/** The same for the dashboard's Billing page, on the application's database (fresh after a Checkout returns). */
export const providerTopUps = (providerId: string) => listTopUps(defaultDb, providerId);
