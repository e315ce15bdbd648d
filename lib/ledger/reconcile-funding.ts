import type { DbOrTx } from "@/lib/db/client";

/** What the funding checks can find (docs/money-rules.md, "Funding payouts", the invariants). */
export type FundingDiscrepancy =
  | { check: "payout_charge"; withdrawalId: string; status: string; amount: string; charged: string }
  | { check: "payouts_clearing"; currency: string; clearing: string; paidOut: string }
  | { check: "provider_liability"; providerId: string; currency: string; liability: string; unclaimed: string; membersHold: string; owedNotInvoiced: string }
  | { check: "prepaid_balance"; providerId: string; currency: string; funding: string; expected: string }
  | { check: "fees_owed"; providerId: string; currency: string; feesOwed: string; commissionUnpaid: string; payoutsInvoicedUnpaid: string };

/**
 * Proves the money between the platform and each business from its rows:
 * - every PAID withdrawal is charged exactly once (its payout charges not given back sum to its amount; one
 *   charge per withdrawal and program is a unique key), and no other withdrawal carries a charge not given back;
 * - PAYOUTS_CLEARING holds, per currency, exactly what was paid out to members, not returned and not yet settled
 *   (PAID withdrawals within their return window: lib/withdrawals/settle-paid-withdrawals.ts);
 * - each provider's liability, per currency, is minus what its members hold (pending + available + held), what
 *   deleted members left it (its unclaimed funds, docs/money-rules.md "Deleted accounts") and what it owes for
 *   payouts not yet invoiced (charges less what prepaid and invoices covered);
 * - each prepaid balance is its paid top-ups, less what payouts drew from it, plus what charges gave back (their
 *   prepaid part, and their invoiced part once the invoice was paid: credited_minor);
 * - each provider's fees owed, per currency, is minus what it owes and has not paid: the commission of its billing
 *   records (credits net) not on a settled invoice, and the invoiced part of payout charges not given back on an
 *   invoice not settled. An invoice is settled when its SETTLE posting exists (invoice.paid). A voided invoice, or
 *   a returned payout, that left something in the fees owed shows here.
 * The ledger's own checks (lib/ledger/reconcile.ts) do not need these rows; these need the business rows.
 */
export async function fundingDiscrepancies(db: DbOrTx): Promise<FundingDiscrepancy[]> {
  const charges = await db.$queryRaw<{ id: string; status: string; amount: bigint; charged: bigint }[]>`
    SELECT w.id::text, w.status::text, w.amount_minor AS amount, coalesce(sum(c.amount_minor) FILTER (WHERE c.charged_back_at IS NULL), 0)::bigint AS charged
      FROM withdrawals w LEFT JOIN payout_charges c ON c.withdrawal_id = w.id
     WHERE w.status = 'PAID' OR c.id IS NOT NULL
     GROUP BY w.id
    HAVING coalesce(sum(c.amount_minor) FILTER (WHERE c.charged_back_at IS NULL), 0) <> CASE WHEN w.status = 'PAID' THEN w.amount_minor ELSE 0 END
     LIMIT 100`;
  const clearing = await db.$queryRaw<{ currency: string; clearing: bigint; paid: bigint }[]>`
    WITH c AS (SELECT currency, sum(balance)::bigint AS total FROM ledger_accounts WHERE kind = 'PAYOUTS_CLEARING' GROUP BY currency),
         p AS (SELECT currency, sum(amount_minor)::bigint AS total FROM withdrawals WHERE status = 'PAID' AND settled_at IS NULL GROUP BY currency)
    SELECT coalesce(c.currency, p.currency)::text AS currency, coalesce(c.total, 0)::bigint AS clearing, coalesce(p.total, 0)::bigint AS paid
      FROM c FULL JOIN p ON p.currency = c.currency
     WHERE coalesce(c.total, 0) <> coalesce(p.total, 0)`;
  const liability = await db.$queryRaw<{ provider_id: string; currency: string; liability: bigint; unclaimed: bigint; members: bigint; owed: bigint }[]>`
    WITH l AS (SELECT owner_id AS provider_id, currency, sum(balance)::bigint AS total FROM ledger_accounts
                WHERE kind = 'PROVIDER_LIABILITY' AND owner_type = 'PROVIDER' GROUP BY owner_id, currency),
         u AS (SELECT owner_id AS provider_id, currency, sum(balance)::bigint AS total FROM ledger_accounts
                WHERE kind = 'PROVIDER_UNCLAIMED' AND owner_type = 'PROVIDER' GROUP BY owner_id, currency),
         m AS (SELECT p.provider_id::text AS provider_id, a.currency, sum(a.balance)::bigint AS total FROM ledger_accounts a
                 JOIN members mb ON mb.id::text = a.owner_id JOIN programs p ON p.id = mb.program_id
                WHERE a.owner_type = 'MEMBER' AND a.kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD')
                GROUP BY p.provider_id, a.currency),
         o AS (SELECT provider_id::text AS provider_id, currency, sum(amount_minor - prepaid_minor - invoiced_minor)::bigint AS total
                 FROM payout_charges WHERE charged_back_at IS NULL GROUP BY provider_id, currency),
         k AS (SELECT provider_id, currency FROM l UNION SELECT provider_id, currency FROM u UNION SELECT provider_id, currency FROM m UNION SELECT provider_id, currency FROM o)
    SELECT k.provider_id, k.currency::text AS currency, coalesce(l.total, 0)::bigint AS liability, coalesce(u.total, 0)::bigint AS unclaimed, coalesce(m.total, 0)::bigint AS members, coalesce(o.total, 0)::bigint AS owed
      FROM k LEFT JOIN l USING (provider_id, currency) LEFT JOIN u USING (provider_id, currency) LEFT JOIN m USING (provider_id, currency) LEFT JOIN o USING (provider_id, currency)
     WHERE coalesce(l.total, 0) + coalesce(u.total, 0) + coalesce(m.total, 0) + coalesce(o.total, 0) <> 0
     LIMIT 100`;
  const prepaid = await db.$queryRaw<{ provider_id: string; currency: string; funding: bigint; expected: bigint }[]>`
    WITH f AS (SELECT owner_id AS provider_id, currency, sum(balance)::bigint AS total FROM ledger_accounts
                WHERE kind = 'PROVIDER_FUNDING' AND owner_type = 'PROVIDER' GROUP BY owner_id, currency),
         t AS (SELECT provider_id::text AS provider_id, currency, sum(amount_minor)::bigint AS total FROM provider_top_ups WHERE status = 'paid' GROUP BY provider_id, currency),
         d AS (SELECT provider_id::text AS provider_id, currency,
                      sum(CASE WHEN charged_back_at IS NULL THEN -prepaid_minor ELSE credited_minor END)::bigint AS total
                 FROM payout_charges GROUP BY provider_id, currency),
         k AS (SELECT provider_id, currency FROM f UNION SELECT provider_id, currency FROM t UNION SELECT provider_id, currency FROM d)
    SELECT k.provider_id, k.currency::text AS currency, coalesce(f.total, 0)::bigint AS funding, (coalesce(t.total, 0) + coalesce(d.total, 0))::bigint AS expected
      FROM k LEFT JOIN f USING (provider_id, currency) LEFT JOIN t USING (provider_id, currency) LEFT JOIN d USING (provider_id, currency)
     WHERE coalesce(f.total, 0) <> coalesce(t.total, 0) + coalesce(d.total, 0)
     LIMIT 100`;
  const feesOwed = await db.$queryRaw<{ provider_id: string; currency: string; owed: bigint; commission: bigint; payouts: bigint }[]>`
    WITH settled AS (SELECT reference_id AS invoice_id FROM ledger_transactions WHERE reference_type = 'provider_invoice' AND kind = 'SETTLE'),
         f AS (SELECT owner_id AS provider_id, currency, sum(balance)::bigint AS total FROM ledger_accounts
                WHERE kind = 'PROVIDER_FEES_OWED' AND owner_type = 'PROVIDER' GROUP BY owner_id, currency),
         b AS (SELECT provider_id::text AS provider_id, currency, sum(commission_minor)::bigint AS total FROM billing_records
                WHERE invoice_id IS NULL OR invoice_id::text NOT IN (SELECT invoice_id FROM settled) GROUP BY provider_id, currency),
         c AS (SELECT provider_id::text AS provider_id, currency, sum(invoiced_minor)::bigint AS total FROM payout_charges
                WHERE charged_back_at IS NULL AND invoice_id IS NOT NULL AND invoice_id::text NOT IN (SELECT invoice_id FROM settled)
                GROUP BY provider_id, currency),
         k AS (SELECT provider_id, currency FROM f UNION SELECT provider_id, currency FROM b UNION SELECT provider_id, currency FROM c)
    SELECT k.provider_id, k.currency::text AS currency, coalesce(f.total, 0)::bigint AS owed, coalesce(b.total, 0)::bigint AS commission, coalesce(c.total, 0)::bigint AS payouts
      FROM k LEFT JOIN f USING (provider_id, currency) LEFT JOIN b USING (provider_id, currency) LEFT JOIN c USING (provider_id, currency)
     WHERE coalesce(f.total, 0) + coalesce(b.total, 0) + coalesce(c.total, 0) <> 0
     LIMIT 100`;
  return [
    ...charges.map((r) => ({ check: "payout_charge" as const, withdrawalId: r.id, status: r.status, amount: String(r.amount), charged: String(r.charged) })),
    ...clearing.map((r) => ({ check: "payouts_clearing" as const, currency: r.currency, clearing: String(r.clearing), paidOut: String(r.paid) })),
    ...liability.map((r) => ({ check: "provider_liability" as const, providerId: r.provider_id, currency: r.currency, liability: String(r.liability), unclaimed: String(r.unclaimed), membersHold: String(r.members), owedNotInvoiced: String(r.owed) })),
    ...prepaid.map((r) => ({ check: "prepaid_balance" as const, providerId: r.provider_id, currency: r.currency, funding: String(r.funding), expected: String(r.expected) })),
    ...feesOwed.map((r) => ({ check: "fees_owed" as const, providerId: r.provider_id, currency: r.currency, feesOwed: String(r.owed), commissionUnpaid: String(r.commission), payoutsInvoicedUnpaid: String(r.payouts) })),
  ];
}
