import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type FailedInvoice = { invoiceId: string; providerId: string; providerName: string; period: string; currency: Currency; amountMinor: bigint; payoutsMinor: bigint; status: string; failedAt: Date; failureReason: string | null; hostedUrl: string | null };

/**
 * Provider invoices whose last payment attempt failed and that are not paid (Stripe's dunning is retrying, or
 * gave up: uncollectible), oldest failure first: for platform admins, who may suspend the business.
 */
export async function listFailedInvoices(db: DbOrTx, params: { providerId?: string; take?: number } = {}): Promise<FailedInvoice[]> {
  const rows = await db.providerInvoice.findMany({
    where: { paymentFailedAt: { not: null }, status: { in: ["open", "uncollectible"] }, ...(params.providerId ? { providerId: params.providerId } : {}) },
    orderBy: { paymentFailedAt: "asc" },
    take: Math.min(Math.max(params.take ?? 50, 1), 200),
    include: { provider: { select: { name: true } } },
  });
  return rows.map((r) => ({
    invoiceId: r.id,
    providerId: r.providerId,
    providerName: r.provider.name,
    period: r.period.toISOString().slice(0, 7),
    currency: r.currency,
    amountMinor: r.amountMinor,
    payoutsMinor: r.payoutsMinor,
    status: r.status,
    failedAt: r.paymentFailedAt ?? r.updatedAt,
    failureReason: r.paymentFailureReason,
    hostedUrl: r.hostedUrl,
  }));
}
