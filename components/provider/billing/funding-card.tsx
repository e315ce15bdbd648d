"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Money, Select } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";
import { parseAmountInput } from "@/lib/money/parse-amount";

type Money4 = "EUR" | "USD" | "GBP" | "CAD";

export interface FundingCardProps {
  providerId: string;
  /** BigInt minor units travel as strings. */
  balances: { currency: Currency; prepaidMinor: string; owedMinor: string; invoicedMinor: string; waitingWithdrawals: number; waitingMinor: string }[];
  programs: { id: string; name: string; currency: Currency; withdrawOnlyFunded: boolean; lowBalanceThresholdMinor: string | null }[];
  startTopUp: (input: { providerId: string; currency: Money4; amountMinor: string }) => Promise<ActionResult<{ topUpId: string; url: string }>>;
  saveSettings: (input: { providerId: string; programId: string; withdrawOnlyFunded: boolean; lowBalanceThresholdMinor: string | null }) => Promise<ActionResult<{ released: number }>>;
}

const isMoney = (c: Currency): c is Money4 => c !== "PTS";

export function FundingCard({ providerId, balances, programs, startTopUp, saveSettings }: FundingCardProps) {
  const currencies = [...new Set([...programs.map((p) => p.currency), ...balances.map((b) => b.currency)])].filter(isMoney);
  const [currency, setCurrency] = useState<Money4>(currencies[0] ?? "EUR");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function topUp(event: React.FormEvent) {
    event.preventDefault();
    const minor = parseAmountInput(amount, currency);
    if (minor === null || minor <= 0n) return setError("Enter an amount, like 500.00.");
    setBusy(true);
    const result = await startTopUp({ providerId, currency, amountMinor: minor.toString() });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error.message);
    }
    window.location.assign(result.data.url);
  }

  return (
    <Card id="funding">
      <CardHeader>
        <CardTitle as="h2">Prepaid balance for payouts</CardTitle>
        <CardDescription>
          What your members withdraw is charged to you: from this balance first, the rest on your monthly invoice as “Cashback paid out to your members”.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <div className="grid gap-4 sm:grid-cols-2">
          {balances.length === 0 ? <p className="text-sm text-muted-foreground">No prepaid balance yet.</p> : null}
          {balances.map((b) => (
            <dl key={b.currency} className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-lg border border-border p-4 text-sm" data-testid={`funding-${b.currency}`}>
              <dt className="text-muted-foreground">Prepaid balance</dt>
              <dd className="text-right font-semibold" data-testid="prepaid-balance">
                <Money amountMinor={BigInt(b.prepaidMinor)} currency={b.currency} />
              </dd>
              <dt className="text-muted-foreground">Owed for payouts, not invoiced yet</dt>
              <dd className="text-right">
                <Money amountMinor={BigInt(b.owedMinor)} currency={b.currency} />
              </dd>
              <dt className="text-muted-foreground">Invoiced, not paid yet</dt>
              <dd className="text-right">
                <Money amountMinor={BigInt(b.invoicedMinor)} currency={b.currency} />
              </dd>
              {b.waitingWithdrawals > 0 ? (
                <>
                  <dt className="text-muted-foreground">Withdrawals waiting for funds</dt>
                  <dd className="text-right">
                    <Badge variant="warning">
                      {b.waitingWithdrawals} · <Money amountMinor={BigInt(b.waitingMinor)} currency={b.currency} />
                    </Badge>
                  </dd>
                </>
              ) : null}
            </dl>
          ))}
        </div>

        <form onSubmit={topUp} className="flex flex-wrap items-end gap-3" noValidate>
          {currencies.length > 1 ? (
            <Field label="Currency">
              <Select value={currency} onChange={(e) => setCurrency(e.target.value as Money4)}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          <Field label={`Top up (${currency})`} error={error ?? undefined}>
            <Input inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="500.00" />
          </Field>
          <Button type="submit" disabled={busy}>
            {busy ? "Opening Stripe…" : "Top up with Stripe"}
          </Button>
        </form>

        {programs.filter((p) => isMoney(p.currency)).map((p) => (
          <ProgramFunding key={p.id} providerId={providerId} program={p} save={saveSettings} />
        ))}
      </CardContent>
    </Card>
  );
}

function ProgramFunding({ providerId, program, save }: { providerId: string; program: FundingCardProps["programs"][number]; save: FundingCardProps["saveSettings"] }) {
  const router = useRouter();
  const [onlyFunded, setOnlyFunded] = useState(program.withdrawOnlyFunded);
  const [threshold, setThreshold] = useState(program.lowBalanceThresholdMinor ? minorToDecimalString(BigInt(program.lowBalanceThresholdMinor), 2) : "");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const minor = threshold.trim() === "" ? null : parseAmountInput(threshold, program.currency);
    if (threshold.trim() !== "" && (minor === null || minor < 0n)) return setError("Enter an amount, like 100.00, or leave it empty.");
    const result = await save({ providerId, programId: program.id, withdrawOnlyFunded: onlyFunded, lowBalanceThresholdMinor: minor === null ? null : minor.toString() });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    toast.success(result.data.released > 0 ? `Saved; ${result.data.released} waiting withdrawal(s) sent` : "Saved");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="space-y-3 border-t border-border pt-4" noValidate>
      <p className="font-medium">{program.name}</p>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={onlyFunded} onChange={(e) => setOnlyFunded(e.target.checked)} />
        <span>
          Members may withdraw only what is funded
          <span className="block text-muted-foreground">A withdrawal beyond your prepaid balance waits (the member sees why) and is sent when you top up, instead of being paid on credit.</span>
        </span>
      </label>
      <Field label={`E-mail me when the prepaid balance falls below (${program.currency})`} error={error ?? undefined} hint="Leave empty for no e-mail.">
        <Input inputMode="decimal" autoComplete="off" value={threshold} onChange={(e) => setThreshold(e.target.value)} placeholder="100.00" />
      </Field>
      {onlyFunded !== program.withdrawOnlyFunded && !onlyFunded ? <Alert variant="info">Withdrawals waiting for funds are sent when you save.</Alert> : null}
      <Button type="submit" variant="outline">
        Save funding settings
      </Button>
    </form>
  );
}
