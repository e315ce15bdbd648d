"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Alert, Button, Field, Input, Money, Select } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import { parseAmountInput } from "@/lib/money/parse-amount";
import { minimumWithdrawalMessage } from "@/lib/withdrawals/minimum-message";

type Membership = { memberId: string; programName: string; currency: Currency; availableMinor: string; owedBackMinor: string };
type Account = { id: string; label: string; usable: boolean; usableAt: string };

export interface WithdrawFormProps {
  memberships: Membership[];
  accounts: Account[];
  /** The smallest withdrawal per currency, in minor units. */
  minMinor: Partial<Record<Currency, string>>;
  request: (input: { memberId: string; linkedAccountId: string; amountMinor: string }) => Promise<ActionResult<{ id: string }>>;
}

export function WithdrawForm({ memberships, accounts, minMinor, request }: WithdrawFormProps) {
  const router = useRouter();
  const withMoney = memberships.filter((m) => BigInt(m.availableMinor) > 0n);
  const [memberId, setMemberId] = useState(withMoney[0]?.memberId ?? memberships[0]?.memberId ?? "");
  const usable = accounts.filter((a) => a.usable);
  const [accountId, setAccountId] = useState(usable[0]?.id ?? "");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; memberId?: string; account?: string; form?: string }>({});
  const [confirming, setConfirming] = useState<bigint | null>(null);
  const [sent, setSent] = useState(false);

  const membership = memberships.find((m) => m.memberId === memberId);
  const account = accounts.find((a) => a.id === accountId);
  const available = BigInt(membership?.availableMinor ?? "0");
  const currency = membership?.currency ?? "EUR";
  const min = BigInt(minMinor[currency] ?? "0");
  const waiting = useMemo(() => accounts.filter((a) => !a.usable), [accounts]);

  function review(event: React.FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    const minor = parseAmountInput(amount, currency);
    if (!membership) next.memberId = "Choose a program.";
    if (!account) next.account = "Choose your linked account.";
    if (minor === null || minor <= 0n) next.amount = "Enter an amount, like 25.00.";
    else if (minor < min) next.amount = minimumWithdrawalMessage(min, currency);
    else if (minor > available) next.amount = `You have ${formatMoney(available, currency)} available in ${membership?.programName ?? "this program"}.`;
    setErrors(next);
    if (Object.keys(next).length === 0 && minor !== null) setConfirming(minor);
  }

  async function send() {
    if (confirming === null) return;
    const result = await request({ memberId, linkedAccountId: accountId, amountMinor: confirming.toString() });
    if (!result.ok) {
      const field = result.error.field === "amountMinor" ? "amount" : result.error.field === "linkedAccountId" ? "account" : result.error.field === "memberId" ? "memberId" : "form";
      setErrors({ [field]: result.error.message });
      return;
    }
    setSent(true);
    setAmount("");
    router.refresh();
  }

  if (memberships.length === 0) return <Alert variant="info">Join a program and earn cashback first; then you can withdraw what becomes available.</Alert>;

  return (
    <form onSubmit={review} className="space-y-4" noValidate>
      {sent ? (
        <Alert variant="success" title="Check your e-mail">
          We sent you a link to confirm this withdrawal. The amount is set aside until you confirm (or for 30 minutes).
        </Alert>
      ) : null}
      <Field
        label="From"
        error={errors.memberId}
        required
        hint={
          membership && BigInt(membership.owedBackMinor) > 0n
            ? `${formatMoney(BigInt(membership.owedBackMinor), membership.currency)} of your balance is held back: a purchase that earned cashback was refunded after you could spend it, and that amount is owed back first.`
            : undefined
        }
      >
        <Select value={memberId} onChange={(e) => setMemberId(e.target.value)}>
          {memberships.map((m) => (
            <option key={m.memberId} value={m.memberId}>
              {m.programName} — {formatMoney(BigInt(m.availableMinor), m.currency)} available
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Linked account" error={errors.account} required hint={
          usable.length === 0 ? (
            <>
              <Link href="/wallet/accounts" className="font-medium text-brand-emphasis underline underline-offset-4">
                Link a bank account
              </Link>{" "}
              first.
            </>
          ) : (
            "It shows the withdrawal is yours. Stripe pays the money to the bank account you gave it when you set up payouts."
          )
        }>
        <Select value={accountId} onChange={(e) => setAccountId(e.target.value)} disabled={usable.length === 0}>
          {usable.length === 0 ? <option value="">No account ready</option> : null}
          {usable.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </Select>
      </Field>
      {waiting.length > 0 ? (
        <Alert variant="info">
          {waiting.map((a) => `${a.label} can receive money from ${new Date(a.usableAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}`).join(". ")}. A
          short wait after linking protects you if someone else got into your account.
        </Alert>
      ) : null}
      <Field label={`Amount (${currency})`} error={errors.amount} required hint={`Available: ${formatMoney(available, currency)}`}>
        <Input inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="25.00" />
      </Field>
      {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      <Button type="submit" className="w-full" disabled={usable.length === 0 || available === 0n}>
        Continue
      </Button>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title="Withdraw this amount?"
        confirmLabel="Withdraw"
        onConfirm={send}
      >
        {confirming !== null ? (
          <p className="text-sm">
            <Money amountMinor={confirming} currency={currency} /> from {membership?.programName}, checked against {account?.label}. Stripe pays it to the bank account of your payout set-up. We will e-mail you a link to confirm it.
          </p>
        ) : null}
      </ConfirmDialog>
    </form>
  );
}
