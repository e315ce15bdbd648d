import { Badge, Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import { ledgerKindLabel } from "@/lib/ledger/kind-labels";
import type { MemberLedgerLine } from "@/lib/members/get-program-member";
import type { Currency } from "@/lib/money/currency";

// Providers think in hold periods: "Became available" reads as "Hold period ended" here.
const PROVIDER_WORDS = { RELEASE: "Hold period ended" };

export function MemberLedgerTable({ lines, currency }: { lines: MemberLedgerLine[]; currency: Currency }) {
  return (
    <Table label="Ledger history">
      <THead>
        <TR>
          <TH>Date</TH>
          <TH>Account</TH>
          <TH>Kind</TH>
          <TH numeric>Amount</TH>
          <TH numeric>Balance after</TH>
        </TR>
      </THead>
      <TBody>
        {lines.map((l) => (
          <TR key={String(l.entryId)}>
            <TD className="whitespace-nowrap">{l.effectiveAt.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}</TD>
            <TD>
              <Badge variant={l.account === "AVAILABLE" ? "success" : "neutral"}>{l.account === "AVAILABLE" ? "Available" : "Pending"}</Badge>
            </TD>
            <TD>{ledgerKindLabel(l.kind, PROVIDER_WORDS)}</TD>
            <TD numeric>
              <Money amountMinor={l.amount} currency={currency} signDisplay="exceptZero" colored />
            </TD>
            <TD numeric>
              <Money amountMinor={l.balanceAfter} currency={currency} />
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
