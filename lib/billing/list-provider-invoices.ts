import "server-only";
import { db } from "@/lib/db/client";

/** A provider's invoices (commission and cashback paid out), newest month first. */
export async function listProviderInvoices(providerId: string) {
  return db.providerInvoice.findMany({
    where: { providerId },
    orderBy: [{ period: "desc" }, { currency: "asc" }],
    select: { id: true, period: true, currency: true, amountMinor: true, status: true, hostedUrl: true, stripeInvoiceId: true, payoutsMinor: true, paymentFailedAt: true, _count: { select: { records: true } } },
  });
}
