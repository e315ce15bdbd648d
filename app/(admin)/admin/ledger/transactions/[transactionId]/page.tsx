import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, CardContent, CardHeader, CardTitle, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { getLedgerTransaction } from "@/lib/admin/explore-ledger";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Ledger transaction" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";

export default async function LedgerTransactionPage({ params }: { params: Promise<{ transactionId: string }> }) {
  const { transactionId } = await params;
  const user = await requireUser(`/admin/ledger/transactions/${transactionId}`);
  if (!user.roles.admin) notFound();
  const t = await getLedgerTransaction(db, { transactionId });
  if (!t) notFound();
  const explore = (ownerType: string, ownerId: string) => `/admin/ledger?ownerType=${ownerType}&ownerId=${encodeURIComponent(ownerId)}`;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<Link href="/admin/ledger" className="hover:underline">Ledger</Link>}
        title={`Transaction #${t.id} · ${t.kind.toLowerCase().replaceAll("_", " ")}`}
        description={`Posted ${when(t.createdAt)}; effective ${when(t.effectiveAt)}.`}
      />
      <Card>
        <CardHeader>
          <CardTitle as="h2">What caused it</CardTitle>
        </CardHeader>
        <CardContent className="space-y-2 text-sm">
          <p>Reference: {t.reference ? `${t.reference.type} ${t.reference.id}` : "none"}</p>
          <p>
            Idempotency key: <code>{t.idempotencyKey}</code>
          </p>
          {t.reverses ? (
            <p>
              Reverses <Link href={`/admin/ledger/transactions/${t.reverses}`} className="underline">#{t.reverses}</Link>
            </p>
          ) : null}
          {t.reversedBy ? (
            <p>
              Reversed by <Link href={`/admin/ledger/transactions/${t.reversedBy}`} className="underline">#{t.reversedBy}</Link>
            </p>
          ) : null}
          <pre className="overflow-x-auto rounded-md bg-surface-muted p-3 text-xs">{JSON.stringify(t.metadata, null, 2)}</pre>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Entries</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <THead>
              <TR>
                <TH>Account</TH>
                <TH>Owner</TH>
                <TH numeric>Amount</TH>
                <TH numeric>Balance after</TH>
              </TR>
            </THead>
            <TBody>
              {t.entries.map((e) => (
                <TR key={e.id}>
                  <TD>
                    #{e.account.id} {e.account.kind.toLowerCase().replaceAll("_", " ")}
                  </TD>
                  <TD>
                    <Link href={explore(e.account.ownerType, e.account.ownerId)} className="text-brand-emphasis underline-offset-4 hover:underline">
                      {e.account.ownerType.toLowerCase()} {e.account.ownerId}
                    </Link>
                  </TD>
                  <TD numeric>
                    <Money amountMinor={e.amount} currency={e.currency} signDisplay="always" />
                  </TD>
                  <TD numeric>
                    <Money amountMinor={e.balanceAfter} currency={e.currency} />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
