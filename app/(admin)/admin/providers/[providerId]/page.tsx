import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProviderStatusActions } from "@/components/admin/provider-status-actions";
import { ProviderStatusBadge } from "@/components/admin/provider-status-badge";
import { Alert, Card, CardContent, CardHeader, CardTitle, Money, PageHeader, Stat, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { getAdminProvider } from "@/lib/admin/get-admin-provider";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { unclaimedFunds } from "@/lib/users/unclaimed-funds";
import { approveProviderAction, reinstateProviderAction, suspendProviderAction } from "../actions";

export const metadata: Metadata = { title: "Provider" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
const day = (d: Date) => d.toLocaleDateString("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default async function AdminProviderPage({ params }: { params: Promise<{ providerId: string }> }) {
  const { providerId } = await params;
  const user = await requireUser(`/admin/providers/${providerId}`);
  if (!user.roles.admin) notFound();
  if (!UUID.test(providerId)) notFound();
  const [p, unclaimed] = await Promise.all([getAdminProvider(db, { providerId }), unclaimedFunds(db, providerId)]);
  if (!p) notFound();

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<Link href="/admin" className="hover:underline">Providers</Link>}
        title={
          <span className="flex items-center gap-3">
            {p.name} <ProviderStatusBadge status={p.status} />
          </span>
        }
        description={`/p/${p.slug} · on the platform since ${day(p.createdAt)} · id ${p.id}`}
        actions={
          <ProviderStatusActions
            providerId={p.id}
            name={p.name}
            status={p.status}
            suspend={suspendProviderAction}
            reinstate={reinstateProviderAction}
            approve={approveProviderAction}
          />
        }
      />
      {p.status === "SUSPENDED" ? (
        <Alert variant="danger" title={`Suspended${p.suspendedAt ? ` since ${when(p.suspendedAt)}` : ""}`}>
          {p.suspendedReason ?? "No reason recorded."} Its earning and spending endpoints answer 403 program_suspended; members can still withdraw.
        </Alert>
      ) : null}
      {p.status === "PENDING" ? <Alert variant="warning" title="Waiting for approval">This business cannot earn or spend cashback until a platform admin approves it.</Alert> : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Members" value={p.members.toLocaleString("en-GB")} />
        <Stat label="Staff" value={p.staff.length} />
        <Stat
          label="Liability (member balances)"
          value={p.liability.length === 0 ? "—" : p.liability.map((l) => <Money key={l.currency} amountMinor={l.amountMinor} currency={l.currency} className="block" />)}
        />
        {unclaimed.length > 0 ? (
          <Stat
            label="Unclaimed funds"
            value={unclaimed.map((u) => <Money key={u.currency} amountMinor={u.amountMinor} currency={u.currency} className="block" />)}
            hint="Left by deleted accounts; not member liability"
          />
        ) : null}
        <Stat
          label="Order deliveries, 7 days"
          value={`${p.deliveries.accepted.toLocaleString("en-GB")} accepted`}
          hint={`${p.deliveries.rejected.toLocaleString("en-GB")} refused${p.deliveries.lastAcceptedAt ? ` · last accepted ${when(p.deliveries.lastAcceptedAt)}` : ""}`}
        />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Programs</CardTitle>
          </CardHeader>
          <CardContent>
            <Table>
              <THead>
                <TR>
                  <TH>Program</TH>
                  <TH>Currency</TH>
                  <TH>Published</TH>
                  <TH numeric>Members</TH>
                </TR>
              </THead>
              <TBody>
                {p.programs.map((program) => (
                  <TR key={program.id}>
                    <TD>
                      <Link href={`/p/${program.slug}`} className="text-brand-emphasis underline-offset-4 hover:underline">
                        {program.name}
                      </Link>
                    </TD>
                    <TD>{program.currency}</TD>
                    <TD>{program.published ? "yes" : "no"}</TD>
                    <TD numeric>{program.members}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Staff</CardTitle>
          </CardHeader>
          <CardContent>
            <Table>
              <THead>
                <TR>
                  <TH>Person</TH>
                  <TH>Role</TH>
                </TR>
              </THead>
              <TBody>
                {p.staff.map((s) => (
                  <TR key={s.userId}>
                    <TD>
                      {s.name ?? s.email}
                      <span className="block text-xs text-muted-foreground">{s.email}</span>
                    </TD>
                    <TD>{s.role.toLowerCase()}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Billing</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            {p.billing.commission.length === 0 ? (
              <p className="text-sm text-muted-foreground">No commission recorded yet.</p>
            ) : (
              <Table>
                <THead>
                  <TR>
                    <TH>Currency</TH>
                    <TH numeric>Commission recorded</TH>
                    <TH numeric>On invoices</TH>
                  </TR>
                </THead>
                <TBody>
                  {p.billing.commission.map((c) => (
                    <TR key={c.currency}>
                      <TD>{c.currency}</TD>
                      <TD numeric>
                        <Money amountMinor={c.recordedMinor} currency={c.currency} />
                      </TD>
                      <TD numeric>
                        <Money amountMinor={c.invoicedMinor} currency={c.currency} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
            {p.billing.invoices.length === 0 ? (
              <p className="text-sm text-muted-foreground">No invoices yet.</p>
            ) : (
              <Table>
                <THead>
                  <TR>
                    <TH>Invoice period</TH>
                    <TH numeric>Amount</TH>
                    <TH>Status</TH>
                  </TR>
                </THead>
                <TBody>
                  {p.billing.invoices.map((i) => (
                    <TR key={i.id}>
                      <TD>{i.period.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" })}</TD>
                      <TD numeric>
                        <Money amountMinor={i.amountMinor} currency={i.currency} />
                      </TD>
                      <TD>
                        {i.status}
                        {i.paymentFailed ? (
                          <span className="ml-2 font-medium text-danger" data-testid="invoice-payment-failed">
                            payment failed
                          </span>
                        ) : null}
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
            <CardTitle as="h2">Guards and deliveries</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm">
            {p.guardHits.length === 0 ? (
              <p className="text-muted-foreground">No guard hits in the last 30 days.</p>
            ) : (
              <ul className="space-y-1">
                {p.guardHits.map((g) => (
                  <li key={g.guard} className="flex justify-between">
                    <span>{g.guard.toLowerCase().replaceAll("_", " ")}</span>
                    <span className="tabular-nums">{g.count.toLocaleString("en-GB")}</span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              Last refused delivery:{" "}
              {p.deliveries.lastRejected ? `${when(p.deliveries.lastRejected.at)} — HTTP ${p.deliveries.lastRejected.httpStatus}${p.deliveries.lastRejected.reason ? `, ${p.deliveries.lastRejected.reason}` : ""}` : "none"}
            </p>
          </CardContent>
        </Card>
      </div>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Audit trail</CardTitle>
        </CardHeader>
        <CardContent>
          {p.audit.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>When</TH>
                  <TH>Who</TH>
                  <TH>Action</TH>
                  <TH>Reason</TH>
                </TR>
              </THead>
              <TBody>
                {p.audit.map((a) => (
                  <TR key={a.id}>
                    <TD>{when(a.createdAt)}</TD>
                    <TD>{a.actorEmail ?? a.actorType.toLowerCase()}</TD>
                    <TD>{a.action}</TD>
                    <TD>{a.reason ?? "—"}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
