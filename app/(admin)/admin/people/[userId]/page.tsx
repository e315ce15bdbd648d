import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdjustmentForm } from "@/components/admin/adjustment-form";
import { ReasonActionButton } from "@/components/admin/reason-action-button";
import { Alert, Badge, Card, CardContent, CardHeader, CardTitle, Money, PageHeader, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { adjustmentApprovalAboveMinor, listPendingAdjustments } from "@/lib/admin/adjust-member-balance";
import { getPerson } from "@/lib/admin/get-person";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/money/format";
import { decideAdjustmentAction, endUserSessionsAction, requestAdjustmentAction, setUserLockedAction } from "../actions";

export const metadata: Metadata = { title: "Person" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
const words = (s: string) => s.toLowerCase().replaceAll("_", " ");

function Section({ title, empty, children }: { title: string; empty: boolean; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">{title}</CardTitle>
      </CardHeader>
      <CardContent>{empty ? <p className="text-sm text-muted-foreground">Nothing yet.</p> : children}</CardContent>
    </Card>
  );
}

export default async function PersonPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const user = await requireUser(`/admin/people/${userId}`);
  if (!user.roles.admin) notFound();
  if (!UUID.test(userId)) notFound();
  const p = await getPerson(db, { userId });
  if (!p) notFound();
  const openSessions = p.signIns.filter((s) => !s.endedAt).length;
  const pending = await listPendingAdjustments(db, { userId: p.id });
  const threshold = adjustmentApprovalAboveMinor();
  const thresholdLabel = [...new Set(p.memberships.map((m) => m.currency))].map((c) => formatMoney(threshold, c)).join(" / ") || threshold.toString();

  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<Link href="/admin/people" className="hover:underline">People</Link>}
        title={p.name ?? p.email}
        description={`${p.email} · account since ${when(p.createdAt)} · two-factor ${p.twoFactor ? "on" : "off"}${p.deletedAt ? " · deleted" : ""}`}
        actions={
          <>
            <ReasonActionButton
              label="End all sessions"
              title={`End every session of ${p.email}?`}
              description="They are signed out everywhere on their next request and must sign in again."
              input={{ userId: p.id }}
              run={endUserSessionsAction}
              done={`Every session of ${p.email} ended.`}
              variant="outline"
            />
            {p.lockedAt ? (
              <ReasonActionButton label="Unlock account" title={`Unlock ${p.email}?`} description="They can sign in again." input={{ userId: p.id, locked: "false" }} run={setUserLockedAction} done={`${p.email} unlocked.`} variant="outline" />
            ) : (
              <ReasonActionButton
                label="Lock account"
                title={`Lock ${p.email}?`}
                description="They cannot sign in, and every open session ends now. Balances are untouched."
                input={{ userId: p.id, locked: "true" }}
                run={setUserLockedAction}
                done={`${p.email} locked.`}
                variant="danger"
                destructive
              />
            )}
          </>
        }
      />
      {p.lockedAt ? (
        <Alert variant="danger" title={`Locked since ${when(p.lockedAt)}`}>
          {p.lockedReason ?? "No reason recorded."}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {p.isAdmin ? <Badge variant="info">platform admin</Badge> : null}
        {p.staff.map((s) => (
          <Badge key={s.providerId} variant="brand">
            {words(s.role)} at {s.providerName}
          </Badge>
        ))}
        {p.memberships.length > 0 ? <Badge variant="neutral">member of {p.memberships.length}</Badge> : null}
      </div>

      <Section title="Memberships" empty={p.memberships.length === 0}>
        <Table>
          <THead>
            <TR>
              <TH>Program</TH>
              <TH>Member code</TH>
              <TH>Status</TH>
              <TH numeric>Pending</TH>
              <TH numeric>Available</TH>
              <TH numeric>Held</TH>
            </TR>
          </THead>
          <TBody>
            {p.memberships.map((m) => (
              <TR key={m.memberId}>
                <TD>
                  <Link href={`/admin/providers/${m.providerId}`} className="text-brand-emphasis underline-offset-4 hover:underline">
                    {m.programName}
                  </Link>
                </TD>
                <TD>
                  <Link href={`/admin/ledger?ownerType=MEMBER&ownerId=${m.memberId}`} className="underline-offset-4 hover:underline">
                    {m.code}
                  </Link>
                </TD>
                <TD>{words(m.status)}</TD>
                <TD numeric>
                  <Money amountMinor={m.pendingMinor} currency={m.currency} />
                </TD>
                <TD numeric>
                  <Money amountMinor={m.availableMinor} currency={m.currency} />
                </TD>
                <TD numeric>
                  <Money amountMinor={m.heldMinor} currency={m.currency} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Section>

      {p.memberships.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">Goodwill adjustment</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <AdjustmentForm
              memberships={p.memberships.map((m) => ({ memberId: m.memberId, label: `${m.programName} (${m.code}, ${m.currency})` }))}
              thresholdLabel={thresholdLabel}
              request={requestAdjustmentAction}
            />
            {pending.length > 0 ? (
              <Table>
                <THead>
                  <TR>
                    <TH>Waiting for a second admin</TH>
                    <TH numeric>Amount</TH>
                    <TH>Reason</TH>
                    <TH className="text-right">Decision</TH>
                  </TR>
                </THead>
                <TBody>
                  {pending.map((a) => (
                    <TR key={a.id}>
                      <TD>
                        {a.direction === "CREDIT" ? "Credit" : "Debit"} · asked {when(a.createdAt)}
                      </TD>
                      <TD numeric>
                        <Money amountMinor={a.amountMinor} currency={a.currency} />
                      </TD>
                      <TD>{a.reason}</TD>
                      <TD>
                        <div className="flex justify-end gap-2">
                          <ReasonActionButton label="Reject" title="Reject this adjustment?" input={{ adjustmentId: a.id, decision: "reject" }} run={decideAdjustmentAction} done="Adjustment rejected." variant="outline" />
                          <ReasonActionButton label="Approve" title="Approve and post this adjustment?" input={{ adjustmentId: a.id, decision: "approve" }} run={decideAdjustmentAction} done="Adjustment posted." />
                        </div>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      <Section title="Recent ledger movements" empty={p.movements.length === 0}>
        <Table>
          <THead>
            <TR>
              <TH>When</TH>
              <TH>Transaction</TH>
              <TH>Account</TH>
              <TH numeric>Amount</TH>
            </TR>
          </THead>
          <TBody>
            {p.movements.map((m, i) => (
              <TR key={`${m.transactionId}-${i}`}>
                <TD>{when(m.createdAt)}</TD>
                <TD>
                  <Link href={`/admin/ledger/transactions/${m.transactionId}`} className="text-brand-emphasis underline-offset-4 hover:underline">
                    #{m.transactionId} {words(m.kind)}
                  </Link>
                </TD>
                <TD>{words(m.account)}</TD>
                <TD numeric>
                  <Money amountMinor={m.amount} currency={m.currency} signDisplay="always" />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Withdrawals" empty={p.withdrawals.length === 0}>
          <ul className="space-y-1 text-sm">
            {p.withdrawals.map((w) => (
              <li key={w.id} className="flex justify-between gap-4">
                <span>
                  {when(w.createdAt)} · {words(w.status)}
                </span>
                <Money amountMinor={w.amountMinor} currency={w.currency} />
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Linked accounts" empty={p.linkedAccounts.length === 0}>
          <ul className="space-y-1 text-sm">
            {p.linkedAccounts.map((l) => (
              <li key={l.id}>
                {l.label} · {words(l.status)} · linked {when(l.linkedAt)}
              </li>
            ))}
          </ul>
        </Section>
        <Section title="Notifications" empty={p.notifications.length === 0}>
          <ul className="space-y-1 text-sm">
            {p.notifications.map((n) => (
              <li key={n.id}>
                {when(n.createdAt)} · {words(n.kind)} · e-mail {words(n.emailStatus)}
              </li>
            ))}
          </ul>
        </Section>
        <Section title={`Sign-ins (${openSessions} open)`} empty={p.signIns.length === 0}>
          <ul className="space-y-1 text-sm" data-testid="sign-ins">
            {p.signIns.map((s) => (
              <li key={s.id}>
                {when(s.createdAt)} · {s.ip} · {s.userAgent.slice(0, 60)} · {s.endedAt ? `ended ${when(s.endedAt)}` : "open"}
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </div>
  );
}
