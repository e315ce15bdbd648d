"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Field, Input, Money, Select } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/result";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import { parseAmountInput } from "@/lib/money/parse-amount";

type Program = { programId: string; name: string; currency: Currency; availableMinor: string };

export interface VoucherFormProps {
  programs: Program[];
  /** Days a new voucher stays valid, per program id. */
  validityDays: Record<string, number>;
  create: (input: { programId: string; amountMinor: string }) => Promise<ActionResult<{ id: string }>>;
}

/** Pick a program (when there are several) and an amount up to what is available → confirm → the voucher's page. */
export function VoucherForm({ programs, validityDays, create }: VoucherFormProps) {
  const router = useRouter();
  const withMoney = programs.filter((p) => BigInt(p.availableMinor) > 0n);
  const [programId, setProgramId] = useState(withMoney[0]?.programId ?? programs[0]?.programId ?? "");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; programId?: string; form?: string }>({});
  const [confirming, setConfirming] = useState<bigint | null>(null);

  const program = programs.find((p) => p.programId === programId);
  const available = BigInt(program?.availableMinor ?? "0");
  const currency = program?.currency ?? "EUR";
  const points = minorUnitDigits(currency) === 0;

  function review(event: React.FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    const minor = parseAmountInput(amount, currency);
    if (!program) next.programId = "Choose a program.";
    if (minor === null || minor <= 0n) next.amount = points ? "Enter whole points, like 120." : "Enter an amount, like 5.00.";
    else if (minor > available) next.amount = `You have ${formatMoney(available, currency)} available in ${program?.name ?? "this program"}.`;
    setErrors(next);
    if (Object.keys(next).length === 0 && minor !== null) setConfirming(minor);
  }

  async function send() {
    if (confirming === null) return;
    const result = await create({ programId, amountMinor: confirming.toString() });
    if (!result.ok) {
      const field = result.error.field === "amount" || result.error.field === "amountMinor" ? "amount" : result.error.field === "programId" ? "programId" : "form";
      setErrors({ [field]: result.error.message });
      return;
    }
    router.push(`/wallet/vouchers/${result.data.id}`);
  }

  if (programs.length === 0) return <Alert variant="info">Join a program and earn cashback first; then you can use it at checkout.</Alert>;

  return (
    <form onSubmit={review} className="space-y-4" noValidate>
      {programs.length > 1 ? (
        <Field label="Program" error={errors.programId} required>
          <Select value={programId} onChange={(e) => setProgramId(e.target.value)}>
            {programs.map((p) => (
              <option key={p.programId} value={p.programId}>
                {p.name} — {formatMoney(BigInt(p.availableMinor), p.currency)} available
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <p className="text-sm">
          At <span className="font-medium">{program?.name}</span>
        </p>
      )}
      <Field label={`Amount (${currency})`} error={errors.amount} required hint={`Available: ${formatMoney(available, currency)}`}>
        <Input inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={points ? "120" : "5.00"} />
      </Field>
      {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      <Button type="submit" className="w-full" disabled={available === 0n}>
        Continue
      </Button>
      {available === 0n ? <p className="text-center text-sm text-muted-foreground">Nothing is available to spend in this program yet.</p> : null}
      <ConfirmDialog open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)} title="Make this voucher?" confirmLabel="Make voucher" onConfirm={send}>
        {confirming !== null ? (
          <p className="text-sm">
            <Money amountMinor={confirming} currency={currency} /> of your {program?.name} cashback is set aside for a one-time code, valid for {validityDays[programId] ?? 7} days. Cancel it
            any time before it is used and the money is available again at once.
          </p>
        ) : null}
      </ConfirmDialog>
    </form>
  );
}
