import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, Card, CardContent, CardHeader, CardTitle, Money, PageHeader, TBody, TD, TH, THead, TR, Table, buttonVariants } from "@/components/ui";
import { listRiskReview } from "@/lib/admin/list-risk-review";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Risk review" };

const when = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
const words = (s: string) => s.toLowerCase().replaceAll("_", " ");

export default async function RiskReviewPage() {
  const user = await requireUser("/admin/risk");
  if (!user.roles.admin) notFound();
  const r = await listRiskReview(db);
  const provider = (id: string, name: string) => (
    <Link href={`/admin/providers/${id}`} className="text-brand-emphasis underline-offset-4 hover:underline">
      {name}
    </Link>
  );
  return (
    <div className="space-y-6">
      <PageHeader title="Risk review" description="Where the guards fired and what waits for review across every business. The businesses decide on their own orders; suspend one from its page when it is abused." />
      <Card>
        <CardHeader>
          <div className="flex items-center justify-between gap-3">
            <CardTitle as="h2">Withdrawals awaiting approval</CardTitle>
            <Link href="/admin/withdrawals" className={buttonVariants({ variant: "outline", size: "sm" })}>
              Review withdrawals
            </Link>
          </div>
        </CardHeader>
        <CardContent>
          {r.withdrawals.length === 0 ? (
            <p className="text-sm text-muted-foreground">None waits.</p>
          ) : (
            <Table label="Withdrawals awaiting approval">
              <THead>
                <TR>
                  <TH>Member</TH>
                  <TH>Program</TH>
                  <TH numeric>Amount</TH>
                  <TH>Flags</TH>
                  <TH>Requested</TH>
                </TR>
              </THead>
              <TBody>
                {r.withdrawals.map((w) => (
                  <TR key={w.id}>
                    <TD>{w.member.email}</TD>
                    <TD>{provider(w.member.providerId, w.member.programName)}</TD>
                    <TD numeric>
                      <Money amountMinor={w.amountMinor} currency={w.currency} />
                    </TD>
                    <TD>
                      {w.flags.length === 0 ? (
                        <span className="text-muted-foreground">None</span>
                      ) : (
                        <span className="flex flex-wrap gap-1">
                          {w.flags.map((f, i) => (
                            <Badge key={`${f.code}-${i}`} variant={f.severity === "high" ? "danger" : "warning"}>
                              {f.label}
                            </Badge>
                          ))}
                        </span>
                      )}
                    </TD>
                    <TD>{when(w.createdAt)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle as="h2">Reversals not triggered yet</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {r.reversalsDue.length === 0 ? (
              <p className="text-muted-foreground">None.</p>
            ) : (
              <ul className="space-y-1">
                {r.reversalsDue.map((d) => (
                  <li key={d.currency}>
                    <Money amountMinor={d.amountMinor} currency={d.currency} /> over {d.rewards} reward{d.rewards === 1 ? "" : "s"}
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle as="h2">Reversed after it was spent</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            {r.unrecovered.length === 0 ? (
              <p className="text-muted-foreground">None.</p>
            ) : (
              <ul className="space-y-1">
                {r.unrecovered.map((u) => (
                  <li key={u.currency}>
                    <Money amountMinor={u.amountMinor} currency={u.currency} />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Guard hits, last 7 days</CardTitle>
        </CardHeader>
        <CardContent>
          {r.guardHits.length === 0 ? (
            <p className="text-sm text-muted-foreground">No guard fired.</p>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>Program</TH>
                  <TH>Guard</TH>
                  <TH numeric>Hits</TH>
                  <TH>Last</TH>
                </TR>
              </THead>
              <TBody>
                {r.guardHits.map((h) => (
                  <TR key={`${h.programId}-${h.guard}`}>
                    <TD>{provider(h.providerId, h.programName)}</TD>
                    <TD>{words(h.guard)}</TD>
                    <TD numeric>{h.hits.toLocaleString("en-GB")}</TD>
                    <TD>{when(h.lastAt)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Rewards waiting for a business&apos;s review</CardTitle>
        </CardHeader>
        <CardContent>
          {r.heldRewards.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing waits.</p>
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>Program</TH>
                  <TH>Order</TH>
                  <TH>Why</TH>
                  <TH numeric>Cashback</TH>
                  <TH>Since</TH>
                </TR>
              </THead>
              <TBody>
                {r.heldRewards.map((h) => (
                  <TR key={h.id}>
                    <TD>{provider(h.providerId, h.programName)}</TD>
                    <TD>{h.orderId ?? "—"}</TD>
                    <TD>
                      {words(h.status)}
                      <span className="block text-xs text-muted-foreground">{h.explanation.slice(0, 120)}</span>
                    </TD>
                    <TD numeric>
                      <Money amountMinor={h.amountMinor} currency={h.currency} />
                    </TD>
                    <TD>{when(h.createdAt)}</TD>
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
