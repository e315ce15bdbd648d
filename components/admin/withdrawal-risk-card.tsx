import Link from "next/link";
import { Badge, Card, CardContent, CardHeader, CardTitle, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";
import type { WithdrawalRisk } from "@/lib/admin/withdrawal-risk";
import { durationWords } from "@/lib/admin/withdrawal-risk";
import { formatMoney } from "@/lib/money/format";
import { WithdrawalDecision } from "./withdrawal-decision";

type Decide = (input: { withdrawalId: string; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<{ status: string }>>;

const date = (d: Date) => d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

/** One withdrawal waiting for approval with its risk context: flags, where its money came from, the decision. */
export function WithdrawalRiskCard({ w, decide }: { w: WithdrawalRisk; decide?: Decide }) {
  const title = `${formatMoney(w.amountMinor, w.currency)} to ${w.member.email}`;
  return (
    <Card data-testid="withdrawal-risk">
      <CardHeader>
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="space-y-1">
            <CardTitle as="h2">{title}</CardTitle>
            <p className="text-sm text-muted-foreground">
              <Link href={`/admin/providers/${w.member.providerId}`} className="text-brand-emphasis underline underline-offset-4">
                {w.member.programName}
              </Link>{" "}
              · member since {w.member.joinedAt.toLocaleDateString("en-GB", { dateStyle: "medium" })} · requested {date(w.createdAt)}
            </p>
            <p className="text-sm text-muted-foreground">
              To {w.account.institutionName ?? "a bank account"}
              {w.account.mask ? ` •• ${w.account.mask}` : ""}, linked {date(w.account.linkedAt)} ·{" "}
              {w.history.paidCount === 0 ? "no earlier paid withdrawal" : `${w.history.paidCount} earlier paid, largest ${formatMoney(w.history.largestPaidMinor ?? 0n, w.currency)}`}
            </p>
          </div>
          {decide ? <WithdrawalDecision withdrawalId={w.id} summary={title} decide={decide} /> : null}
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {w.flags.length === 0 ? (
          <p className="text-sm text-muted-foreground">No risk flags.</p>
        ) : (
          <ul className="space-y-2" aria-label="Risk flags">
            {w.flags.map((f, i) => (
              <li key={`${f.code}-${i}`} className="flex flex-col gap-1 text-sm sm:flex-row sm:items-baseline sm:gap-3">
                <Badge variant={f.severity === "high" ? "danger" : "warning"} dot className="self-start">
                  {f.label}
                </Badge>
                <span>{f.detail}</span>
              </li>
            ))}
          </ul>
        )}
        <div>
          <h3 className="mb-2 text-sm font-semibold">How the money was earned</h3>
          {w.funding.length === 0 ? (
            <p className="text-sm text-muted-foreground">No credit to the available balance before the request.</p>
          ) : (
            <Table label="How the money was earned">
              <THead>
                <TR>
                  <TH>Credit</TH>
                  <TH numeric>Credited</TH>
                  <TH numeric>Drawn by this withdrawal</TH>
                  <TH>Available</TH>
                  <TH>Ledger</TH>
                </TR>
              </THead>
              <TBody>
                {w.funding.map((f) => (
                  <TR key={f.transactionId}>
                    <TD>{f.description}</TD>
                    <TD numeric>
                      <Money amountMinor={f.creditedMinor} currency={w.currency} />
                    </TD>
                    <TD numeric>
                      <Money amountMinor={f.drawnMinor} currency={w.currency} />
                    </TD>
                    <TD>{durationWords(f.beforeMs)} before</TD>
                    <TD>
                      <Link href={`/admin/ledger/transactions/${f.transactionId}`} className="font-mono text-xs text-brand-emphasis underline-offset-4 hover:underline">
                        #{f.transactionId}
                      </Link>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
          {w.unexplainedMinor > 0n ? (
            <p className="mt-2 text-xs text-muted-foreground">
              <Money amountMinor={w.unexplainedMinor} currency={w.currency} /> comes from older credits than those listed.
            </p>
          ) : null}
        </div>
      </CardContent>
    </Card>
  );
}
