import type { DbOrTx } from "@/lib/db/client";
import { reconcile, type Discrepancy } from "@/lib/ledger";

export type ReconciliationRun = { id: string; ok: boolean; transactions: number; entries: number; accounts: number; discrepancies: Discrepancy[]; checkedAt: Date };

type Row = { id: bigint; ok: boolean; transactions: number; entries: number; accounts: number; discrepancies: unknown; checkedAt: Date };
const view = (r: Row): ReconciliationRun => ({ ...r, id: r.id.toString(), discrepancies: Array.isArray(r.discrepancies) ? (r.discrepancies as Discrepancy[]) : [] });

/** Proves the ledger (lib/ledger reconcile) and keeps the result, for the admin console. What the `ledger.reconcile` job runs. */
export async function runReconciliation(db: DbOrTx): Promise<ReconciliationRun> {
  const result = await reconcile(db, { funding: true });
  const row = await db.ledgerReconciliation.create({
    data: {
      ok: result.ok,
      transactions: result.transactions,
      entries: result.entries,
      accounts: result.accounts,
      discrepancies: JSON.parse(JSON.stringify(result.discrepancies)) as object[],
      checkedAt: new Date(result.checkedAt),
    },
  });
  return view(row);
}

/** The newest runs, newest first. */
export async function listReconciliations(db: DbOrTx, params: { take?: number } = {}): Promise<ReconciliationRun[]> {
  const rows = await db.ledgerReconciliation.findMany({ orderBy: { id: "desc" }, take: Math.min(Math.max(params.take ?? 10, 1), 100) });
  return rows.map(view);
}
