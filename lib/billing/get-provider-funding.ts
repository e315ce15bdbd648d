import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type ProviderFunding = {
  providerId: string;
  currencies: {
    currency: Currency;
    /** The prepaid balance (PROVIDER_FUNDING). */
    prepaidMinor: bigint;
    /** Payouts charged and not yet invoiced (what the prepaid balance did not cover). */
    owedMinor: bigint;
    /** Payouts on invoices not paid yet. */
    invoicedMinor: bigint;
    /** Withdrawals of its members waiting for a top-up, and their total. */
    waitingWithdrawals: number;
    waitingMinor: bigint;
  }[];
  /** Invoices not paid yet (open, uncollectible or draft), newest first; paymentFailed when Stripe's last attempt failed. */
  unpaidInvoices: { id: string; period: string; currency: Currency; amountMinor: bigint; payoutsMinor: bigint; status: string; paymentFailed: boolean; hostedUrl: string | null }[];
};

/** A business's funding position per currency: prepaid balance, owed for payouts and invoiced (`provider:funding`). */
export async function getProviderFunding(db: DbOrTx, providerId: string): Promise<ProviderFunding> {
  const [prepaid, charges, waiting, invoices] = await Promise.all([
    db.ledgerAccount.groupBy({ by: ["currency"], where: { ownerType: "PROVIDER", ownerId: providerId, kind: "PROVIDER_FUNDING" }, _sum: { balance: true } }),
    db.$queryRaw<{ currency: Currency; owed: bigint; invoiced: bigint }[]>`
      SELECT c.currency::text AS currency,
             coalesce(sum(c.amount_minor - c.prepaid_minor - c.invoiced_minor), 0)::bigint AS owed,
             coalesce(sum(c.invoiced_minor) FILTER (WHERE i.status IS DISTINCT FROM 'paid'), 0)::bigint AS invoiced
        FROM payout_charges c LEFT JOIN provider_invoices i ON i.id = c.invoice_id
       WHERE c.provider_id = ${providerId}::uuid AND c.charged_back_at IS NULL
       GROUP BY c.currency`,
    db.withdrawal.groupBy({ by: ["currency"], where: { status: "AWAITING_FUNDING", member: { program: { providerId } } }, _sum: { amountMinor: true }, _count: { _all: true } }),
    db.providerInvoice.findMany({ where: { providerId, status: { in: ["draft", "open", "uncollectible"] } }, orderBy: { createdAt: "desc" } }),
  ]);
  const currencies = new Set<Currency>([...prepaid.map((p) => p.currency), ...charges.map((c) => c.currency), ...waiting.map((w) => w.currency)]);
  return {
    providerId,
    currencies: [...currencies].sort().map((currency) => {
      const c = charges.find((x) => x.currency === currency);
      const w = waiting.find((x) => x.currency === currency);
      return {
        currency,
        prepaidMinor: prepaid.find((p) => p.currency === currency)?._sum.balance ?? 0n,
        owedMinor: c?.owed ?? 0n,
        invoicedMinor: c?.invoiced ?? 0n,
        waitingWithdrawals: w?._count._all ?? 0,
        waitingMinor: w?._sum.amountMinor ?? 0n,
      };
    }),
    unpaidInvoices: invoices.map((i) => ({
      id: i.id,
      period: i.period.toISOString().slice(0, 7),
      currency: i.currency,
      amountMinor: i.amountMinor,
      payoutsMinor: i.payoutsMinor,
      status: i.status,
      paymentFailed: i.paymentFailedAt !== null,
      hostedUrl: i.hostedUrl,
    })),
  };
}
