import "server-only";
import { db } from "@/lib/db/client";

/** A provider's commission invoices, newest month first. */
export async function listProviderInvoices(providerId: string) {
  return db.providerInvoice.findMany({
    where: { providerId },
    orderBy: [{ period: "desc" }, { currency: "asc" }],
    select: { id: true, period: true, currency: true, amountMinor: true, status: true, hostedUrl: true, stripeInvoiceId: true, _count: { select: { records: true } } },
  });
}
