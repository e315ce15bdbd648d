import type { DbOrTx } from "@/lib/db/client";
import { fundingDiscrepancies, type FundingDiscrepancy } from "./reconcile-funding";
import { stripePayoutDiscrepancies, type StripePayoutDiscrepancy } from "./reconcile-stripe-payouts";

export type Discrepancy =
  | { check: "unbalanced_transaction"; transactionId: string; currency: string; sum: string }
  | { check: "too_few_entries"; transactionId: string; entries: number }
  | { check: "cached_balance"; accountId: string; cached: string; entries: string }
  | { check: "negative_balance"; accountId: string; kind: string; balance: string }
  | { check: "currency_mismatch"; entryId: string; accountId: string }
  | { check: "hold_mismatch"; accountId: string; held: string; openHolds: string }
  | FundingDiscrepancy
  | StripePayoutDiscrepancy;

export type Reconciliation = { ok: boolean; checkedAt: string; transactions: number; entries: number; accounts: number; discrepancies: Discrepancy[] };

/**
 * Proves the ledger from its rows, trusting nothing cached: every transaction balances per currency and has
 * at least two entries, every cached balance equals the sum of its entries, no account of a kind that must
 * not go negative is negative, entries match their account's currency, and held balances equal open holds.
 * With `funding`, also the money between the platform and each business (lib/ledger/reconcile-funding.ts):
 * every paid withdrawal charged once, payouts clearing, each provider's liability and prepaid balance. The
 * operator's `ledger:reconcile` and the admin console's reconcile ask for both. With `stripe`, also the money
 * sent to members against Stripe's balance transactions (lib/ledger/reconcile-stripe-payouts.ts): each
 * withdrawal's transfer, payouts clearing and the payout costs posted; `ledger:reconcile --stripe` asks for it.
 */
export async function reconcile(db: DbOrTx, opts: { funding?: boolean; stripe?: boolean } = {}): Promise<Reconciliation> {
  const [counts] = await db.$queryRaw<{ transactions: bigint; entries: bigint; accounts: bigint }[]>`
    SELECT (SELECT count(*) FROM ledger_transactions) AS transactions, (SELECT count(*) FROM ledger_entries) AS entries,
           (SELECT count(*) FROM ledger_accounts) AS accounts`;
  const unbalanced = await db.$queryRaw<{ transaction_id: bigint; currency: string; total: bigint }[]>`
    SELECT transaction_id, currency::text, sum(amount)::bigint AS total FROM ledger_entries
     GROUP BY transaction_id, currency HAVING sum(amount) <> 0 LIMIT 100`;
  const thin = await db.$queryRaw<{ id: bigint; n: bigint }[]>`
    SELECT t.id, count(e.id) AS n FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
     GROUP BY t.id HAVING count(e.id) < 2 LIMIT 100`;
  const cached = await db.$queryRaw<{ id: bigint; balance: bigint; total: bigint }[]>`
    SELECT a.id, a.balance, coalesce(s.total, 0)::bigint AS total FROM ledger_accounts a
      LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) s ON s.account_id = a.id
     WHERE a.balance <> coalesce(s.total, 0) LIMIT 100`;
  const negative = await db.$queryRaw<{ id: bigint; kind: string; balance: bigint }[]>`
    SELECT id, kind::text, balance FROM ledger_accounts
     WHERE balance < 0 AND kind NOT IN ('PROVIDER_LIABILITY', 'PROVIDER_FEES_OWED', 'EXTERNAL', 'PLATFORM_PAYOUT_COSTS') LIMIT 100`;
  const mismatched = await db.$queryRaw<{ id: bigint; account_id: bigint }[]>`
    SELECT e.id, e.account_id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id WHERE e.currency <> a.currency LIMIT 100`;
  const holds = await db.$queryRaw<{ id: bigint; balance: bigint; open: bigint }[]>`
    SELECT a.id, a.balance, coalesce(h.open, 0)::bigint AS open FROM ledger_accounts a
      LEFT JOIN (SELECT member_id, currency, sum(amount - captured - released) AS open FROM ledger_holds GROUP BY member_id, currency) h
        ON h.member_id = a.owner_id AND h.currency = a.currency
     WHERE a.kind = 'MEMBER_HELD' AND a.balance <> coalesce(h.open, 0) LIMIT 100`;

  const discrepancies: Discrepancy[] = [
    ...unbalanced.map((r) => ({ check: "unbalanced_transaction" as const, transactionId: String(r.transaction_id), currency: r.currency, sum: String(r.total) })),
    ...thin.map((r) => ({ check: "too_few_entries" as const, transactionId: String(r.id), entries: Number(r.n) })),
    ...cached.map((r) => ({ check: "cached_balance" as const, accountId: String(r.id), cached: String(r.balance), entries: String(r.total) })),
    ...negative.map((r) => ({ check: "negative_balance" as const, accountId: String(r.id), kind: r.kind, balance: String(r.balance) })),
    ...mismatched.map((r) => ({ check: "currency_mismatch" as const, entryId: String(r.id), accountId: String(r.account_id) })),
    ...holds.map((r) => ({ check: "hold_mismatch" as const, accountId: String(r.id), held: String(r.balance), openHolds: String(r.open) })),
    ...(opts.funding ? await fundingDiscrepancies(db) : []),
    ...(opts.stripe ? await stripePayoutDiscrepancies(db) : []),
  ];
  return {
    ok: discrepancies.length === 0,
    checkedAt: new Date().toISOString(),
    transactions: Number(counts?.transactions ?? 0),
    entries: Number(counts?.entries ?? 0),
    accounts: Number(counts?.accounts ?? 0),
    discrepancies,
  };
}
