import { Wallet } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { providerMembershipRevenue } from "@/lib/memberships/get-membership-revenue";
import { formatBps } from "@/lib/money/bps";
import { platformMembershipFeeBps } from "@/lib/memberships/platform-fee";

const month = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Billing → Membership revenue: per month and currency, what members paid, Boomerang's fee and what was
 * transferred to the business's Stripe account (from the payments the Stripe webhook recorded).
 */
export async function MembershipRevenue({ providerId }: { providerId: string }) {
  const months = await providerMembershipRevenue(providerId);
  const held = months.some((m) => m.heldByPlatformMinor > 0n);
  const disputed = months.some((m) => m.disputedMinor > 0n);
  return (
    <Card data-testid="membership-revenue">
      <CardHeader>
        <CardTitle as="h2">Membership revenue</CardTitle>
        <CardDescription>
          Membership fees are charged to your Stripe account; Boomerang keeps {formatBps(platformMembershipFeeBps())} as its fee and Stripe transfers the rest to you with each payment.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {months.length === 0 ? (
          <EmptyState icon={<Wallet />} title="No membership payments yet" description="Payments for paid memberships show here, month by month." />
        ) : (
          <Table label="Membership revenue by month">
            <THead>
              <TR>
                <TH>Month</TH>
                <TH className="text-right">Payments</TH>
                <TH className="text-right">Members paid</TH>
                <TH className="text-right">Platform fee</TH>
                <TH className="text-right">Transferred to you</TH>
                <TH className="text-right">Refunded</TH>
                {disputed ? <TH className="text-right">Lost to disputes</TH> : null}
                {disputed ? <TH className="text-right">Reversed from you</TH> : null}
              </TR>
            </THead>
            <TBody>
              {months.map((m) => (
                <TR key={`${m.period.toISOString()}-${m.currency}`} data-testid="membership-revenue-row">
                  <TD>{month(m.period)}</TD>
                  <TD className="text-right tabular-nums">{m.payments}</TD>
                  <TD className="text-right" data-testid="revenue-gross"><Money amountMinor={m.grossMinor} currency={m.currency} /></TD>
                  <TD className="text-right" data-testid="revenue-fee"><Money amountMinor={m.platformFeeMinor} currency={m.currency} /></TD>
                  <TD className="text-right" data-testid="revenue-transferred"><Money amountMinor={m.transferredMinor} currency={m.currency} /></TD>
                  <TD className="text-right"><Money amountMinor={m.refundedMinor} currency={m.currency} /></TD>
                  {disputed ? <TD className="text-right" data-testid="revenue-disputed"><Money amountMinor={m.disputedMinor} currency={m.currency} /></TD> : null}
                  {disputed ? <TD className="text-right" data-testid="revenue-dispute-reversed"><Money amountMinor={m.disputeReversedMinor} currency={m.currency} /></TD> : null}
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {disputed ? (
          <p className="mt-3 text-sm text-muted-foreground">
            When a member&apos;s bank decides a dispute against a payment, Stripe takes the payment back from Boomerang and Boomerang reverses what was transferred to you for it; &ldquo;Transferred to you&rdquo; is net of those reversals.
          </p>
        ) : null}
        {held ? (
          <p className="mt-3 text-sm text-muted-foreground">
            Some payments came from subscriptions started before you connected Stripe: they were charged on Boomerang&apos;s account, carry no fee and were not transferred (see docs/memberships-connect.md).
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
