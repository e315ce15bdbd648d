import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ReasonActionButton } from "@/components/admin/reason-action-button";
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, Input, Money, PageHeader, Select, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { exploreLedgerOwner } from "@/lib/admin/explore-ledger";
import { listReconciliations } from "@/lib/admin/reconciliations";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { requestReconciliationAction } from "./actions";

export const metadata: Metadata = { title: "Ledger" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";
const OWNER_TYPES = ["MEMBER", "PROVIDER", "PLATFORM", "EXTERNAL"] as const;
const searchSchema = z.object({
  ownerType: z.enum(OWNER_TYPES).optional().catch(undefined),
  ownerId: z.string().trim().min(1).max(200).optional().catch(undefined),
  transaction: z.string().trim().regex(/^\d{1,18}$/).optional().catch(undefined),
});

export default async function LedgerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("/admin/ledger");
  if (!user.roles.admin) notFound();
  const search = searchSchema.parse(await searchParams);
  const [runs, accounts] = await Promise.all([
    listReconciliations(db, { take: 10 }),
    search.ownerType && search.ownerId ? exploreLedgerOwner(db, { ownerType: search.ownerType, ownerId: search.ownerId }) : Promise.resolve(null),
  ]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Ledger"
        description="Reconciliation proves every transaction balances, every cached balance equals its entries, nothing is negative where it must not be, and held balances match open holds."
        actions={
          <ReasonActionButton
            label="Run reconcile"
            title="Reconcile the ledger now?"
            description="The background worker runs it within seconds; the result appears below."
            input={{}}
            run={requestReconciliationAction}
            done="Reconcile requested: the result appears here when the worker has run it."
          />
        }
      />

      <Card>
        <CardHeader>
          <CardTitle as="h2">Reconciliations</CardTitle>
        </CardHeader>
        <CardContent>
          {runs.length === 0 ? (
            <p className="text-sm text-muted-foreground">None yet: the job runs daily at 04:41 UTC, or now with “Run reconcile”.</p>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>Checked</TH>
                  <TH>Result</TH>
                  <TH numeric>Transactions</TH>
                  <TH numeric>Entries</TH>
                  <TH numeric>Accounts</TH>
                  <TH>Discrepancies</TH>
                </TR>
              </THead>
              <TBody>
                {runs.map((r) => (
                  <TR key={r.id} data-testid="reconciliation-row">
                    <TD>{when(r.checkedAt)}</TD>
                    <TD>
                      <Badge variant={r.ok ? "success" : "danger"}>{r.ok ? "balanced" : "discrepancies"}</Badge>
                    </TD>
                    <TD numeric>{r.transactions.toLocaleString("en-GB")}</TD>
                    <TD numeric>{r.entries.toLocaleString("en-GB")}</TD>
                    <TD numeric>{r.accounts.toLocaleString("en-GB")}</TD>
                    <TD>
                      {r.discrepancies.length === 0 ? (
                        "none"
                      ) : (
                        <ul className="space-y-1 text-xs">
                          {r.discrepancies.slice(0, 20).map((d, i) => (
                            <li key={i}>
                              <code>{JSON.stringify(d)}</code>
                            </li>
                          ))}
                        </ul>
                      )}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Accounts by owner</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4">
          <form className="flex flex-wrap items-end gap-3" action="/admin/ledger">
            <div className="flex flex-col gap-1">
              <label htmlFor="owner-type" className="text-sm font-medium">
                Owner type
              </label>
              <Select id="owner-type" name="ownerType" defaultValue={search.ownerType ?? "MEMBER"}>
                {OWNER_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t.toLowerCase()}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="owner-id" className="text-sm font-medium">
                Owner id (member or provider id, or “platform”)
              </label>
              <Input id="owner-id" name="ownerId" defaultValue={search.ownerId ?? ""} className="w-96" />
            </div>
            <Button type="submit" variant="outline">
              Show accounts
            </Button>
          </form>
          <form className="flex flex-wrap items-end gap-3" action="/admin/ledger/transactions/find">
            <div className="flex flex-col gap-1">
              <label htmlFor="transaction-id" className="text-sm font-medium">
                Transaction id
              </label>
              <Input id="transaction-id" name="id" inputMode="numeric" className="w-48" />
            </div>
            <Button type="submit" variant="outline">
              Open transaction
            </Button>
          </form>
          {accounts === null ? null : accounts.length === 0 ? (
            <p className="text-sm text-muted-foreground">That owner has no ledger accounts.</p>
          ) : (
            accounts.map((a) => (
              <section key={a.id} className="space-y-2">
                <h3 className="font-medium">
                  {a.kind.toLowerCase().replaceAll("_", " ")}
                  {a.kind === "PROVIDER_LIABILITY" ? ` (shard ${a.shard} of 16)` : ""} · {a.currency} · balance <Money amountMinor={a.balance} currency={a.currency} />
                </h3>
                <Table>
                  <THead>
                    <TR>
                      <TH>When</TH>
                      <TH>Transaction</TH>
                      <TH numeric>Amount</TH>
                      <TH numeric>Balance after</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {a.recent.map((e) => (
                      <TR key={e.entryId}>
                        <TD>{when(e.createdAt)}</TD>
                        <TD>
                          <Link href={`/admin/ledger/transactions/${e.transactionId}`} className="text-brand-emphasis underline-offset-4 hover:underline">
                            #{e.transactionId} {e.kind.toLowerCase().replaceAll("_", " ")}
                          </Link>
                        </TD>
                        <TD numeric>
                          <Money amountMinor={e.amount} currency={a.currency} signDisplay="always" />
                        </TD>
                        <TD numeric>
                          <Money amountMinor={e.balanceAfter} currency={a.currency} />
                        </TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </section>
            ))
          )}
        </CardContent>
      </Card>
    </div>
  );
}
