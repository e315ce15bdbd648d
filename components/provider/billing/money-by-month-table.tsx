import Link from "next/link";
import { Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { MonthOfMoney } from "@/lib/billing/get-money-by-month";

/** A month of money as lib/billing computes it (payouts, commission, top-ups). */
export type MonthRow = MonthOfMoney;

const month = (d: Date) => d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const slug = (d: Date) => d.toISOString().slice(0, 7);
const link = "font-medium text-brand-emphasis underline-offset-4 hover:underline";

/** Month by month: cashback paid out to members, commission (with credits) and top-ups, each linking to what is behind it. */
export function MoneyByMonthTable({ months }: { months: MonthRow[] }) {
  return (
    <Table label="Money by month">
      <THead>
        <TR>
          <TH>Month</TH>
          <TH numeric>Cashback paid out</TH>
          <TH numeric>From prepaid</TH>
          <TH numeric>Commission</TH>
          <TH numeric>Top-ups</TH>
        </TR>
      </THead>
      <TBody>
        {months.map((m) => (
          <TR key={`${slug(m.period)}-${m.currency}`} data-testid="billing-month">
            <TD className="whitespace-nowrap">
              {month(m.period)} <span className="text-xs text-muted-foreground">{m.currency}</span>
            </TD>
            <TD numeric>
              {m.payouts > 0 ? (
                <Link href={`/dashboard/billing/${slug(m.period)}#payouts`} className={link} data-testid="payouts-line">
                  <Money amountMinor={m.paidOutMinor} currency={m.currency} /> · {m.payouts} withdrawal{m.payouts === 1 ? "" : "s"}
                </Link>
              ) : (
                <Money amountMinor={0n} currency={m.currency} />
              )}
            </TD>
            <TD numeric>
              <Money amountMinor={m.prepaidMinor} currency={m.currency} />
            </TD>
            <TD numeric>
              {m.awards > 0 || m.creditedMinor > 0n ? (
                <Link href={`/dashboard/billing/${slug(m.period)}#awards`} className={link}>
                  <Money amountMinor={m.commissionMinor} currency={m.currency} />
                  {m.creditedMinor > 0n ? (
                    <span className="block text-xs text-muted-foreground">
                      after <Money amountMinor={m.creditedMinor} currency={m.currency} /> credited
                    </span>
                  ) : null}
                </Link>
              ) : (
                <Money amountMinor={0n} currency={m.currency} />
              )}
            </TD>
            <TD numeric>
              {m.topUps > 0 ? (
                <Link href={`/dashboard/billing/${slug(m.period)}#top-ups`} className={link}>
                  <Money amountMinor={m.toppedUpMinor} currency={m.currency} />
                </Link>
              ) : (
                <Money amountMinor={0n} currency={m.currency} />
              )}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
