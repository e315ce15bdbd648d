import { Money, TBody, TD, TH, THead, TR, Table } from "@/components/ui";
import type { Currency, LedgerAccountKind } from "@/lib/db/generated/enums";
import type { RedemptionMovement, RedemptionRefundView } from "@/lib/redemptions/get-redemption-detail";

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

const KIND: Record<string, string> = {
  REDEEM_HOLD: "Held from the member's available cashback",
  REDEEM_CAPTURE: "Captured (spent with you)",
  REDEEM_RELEASE: "Released back to the member",
  REDEEM_REFUND: "Refunded to the member",
};

const ACCOUNT: Partial<Record<LedgerAccountKind, string>> = {
  MEMBER_AVAILABLE: "Member available",
  MEMBER_HELD: "Member held",
  MEMBER_PENDING: "Member pending",
  PROVIDER_LIABILITY: "Owed to members (yours)",
};

export function RedemptionLedgerTable({ movements }: { movements: RedemptionMovement[] }) {
  return (
    <Table label="Ledger movements">
      <THead>
        <TR>
          <TH>Time (UTC)</TH>
          <TH>Movement</TH>
          <TH numeric>Amount</TH>
          <TH>Entries</TH>
        </TR>
      </THead>
      <TBody>
        {movements.map((m) => (
          <TR key={m.transactionId.toString()}>
            <TD className="whitespace-nowrap">
              <time dateTime={m.createdAt.toISOString()}>{when.format(m.createdAt)}</time>
            </TD>
            <TD>
              {KIND[m.kind] ?? m.kind}
              <span className="block font-mono text-xs text-muted-foreground">#{m.transactionId.toString()}</span>
            </TD>
            <TD numeric>
              <Money amountMinor={m.amount} currency={m.currency} />
            </TD>
            <TD>
              <ul className="flex flex-col gap-0.5 text-xs text-muted-foreground">
                {m.entries.map((e, i) => (
                  <li key={i} className="flex justify-between gap-4 whitespace-nowrap">
                    <span>{ACCOUNT[e.account] ?? e.account}</span>
                    <Money amountMinor={e.amount} currency={m.currency} signDisplay="exceptZero" />
                  </li>
                ))}
              </ul>
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

const ACTOR: Record<string, string> = { USER: "Dashboard", API_KEY: "Checkout API", WEBHOOK: "Shop webhook", SYSTEM: "Boomerang", CLI: "Operator CLI" };

export function RedemptionRefundsTable({ refunds, currency }: { refunds: RedemptionRefundView[]; currency: Currency }) {
  return (
    <Table label="Refunds">
      <THead>
        <TR>
          <TH>Time (UTC)</TH>
          <TH numeric>Amount</TH>
          <TH>Reason</TH>
          <TH>By</TH>
        </TR>
      </THead>
      <TBody>
        {refunds.map((f) => (
          <TR key={f.id}>
            <TD className="whitespace-nowrap">
              <time dateTime={f.createdAt.toISOString()}>{when.format(f.createdAt)}</time>
              <span className="block font-mono text-xs text-muted-foreground">{f.id}</span>
            </TD>
            <TD numeric>
              <Money amountMinor={f.amount} currency={currency} />
            </TD>
            <TD className="text-muted-foreground">{f.reason ?? "—"}</TD>
            <TD className="whitespace-nowrap">{f.actor.label ?? ACTOR[f.actor.type] ?? f.actor.type}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
