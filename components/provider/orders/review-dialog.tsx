"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Field, Input, Money, Textarea } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { ActionResult } from "@/lib/actions/result";

type Decision = "approve" | "adjust" | "hold" | "reject";

const CHOICES: { value: Decision; label: string; hint: string }[] = [
  { value: "approve", label: "Approve", hint: "Credit the reward as computed." },
  { value: "adjust", label: "Adjust amount and approve", hint: "Credit a different amount; say why." },
  { value: "hold", label: "Hold", hint: "Keep it aside while you investigate." },
  { value: "reject", label: "Reject", hint: "No cashback for this order; say why." },
];

const SUBMIT_LABEL: Record<Decision, string> = { approve: "Approve", adjust: "Approve adjusted amount", hold: "Hold", reject: "Reject" };
const DONE: Record<Decision, string> = { approve: "approved", adjust: "approved with the adjusted amount", hold: "on hold", reject: "rejected" };

// The action validates the pairing (an adjustment carries its amount).
type ReviewInput = { providerId: string; rewardId: string; reason: string; decision: Decision; amountMinor?: string };
export type ReviewOrder = (input: ReviewInput) => Promise<ActionResult<unknown>>;

export type ReviewTarget = { rewardId: string; orderId: string; held: boolean; amountMinor: bigint; currency: Currency; explanation: string };

/** Approve, adjust, hold or reject one queued reward. */
export function ReviewDialog({ providerId, target, review, onClose }: { providerId: string; target: ReviewTarget; review: ReviewOrder; onClose: () => void }) {
  const [decision, setDecision] = useState<Decision>("approve");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reason?: string; form?: string }>({});
  const [pending, startTransition] = useTransition();
  const wholeUnits = minorUnitDigits(target.currency) === 0;

  function submit() {
    const next: typeof errors = {};
    let amountMinor: bigint | null = null;
    if (decision === "adjust") {
      amountMinor = parseAmountInput(amount, target.currency);
      if (amountMinor === null || amountMinor <= 0n) next.amount = wholeUnits ? "Enter a whole number of points above zero, like 120." : "Enter an amount above zero, like 4.20.";
    }
    if (decision !== "approve" && !reason.trim()) next.reason = "Say why: the member and your team will see it in the history.";
    setErrors(next);
    if (next.amount || next.reason) return;

    startTransition(async () => {
      const base = { providerId, rewardId: target.rewardId, reason: reason.trim() };
      const result =
        decision === "adjust" && amountMinor !== null
          ? await review({ ...base, decision, amountMinor: amountMinor.toString() })
          : await review({ ...base, decision });
      if (!result.ok) {
        const field = result.error.field === "amountMinor" ? "amount" : result.error.field === "reason" ? "reason" : "form";
        setErrors({ [field]: result.error.message });
        return;
      }
      toast.success(`Order ${target.orderId}: reward ${DONE[decision]}.`);
      onClose();
    });
  }

  const choices = CHOICES.filter((c) => !(target.held && c.value === "hold"));

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open && !pending) onClose();
      }}
      dismissible={!pending}
      title={`Review order ${target.orderId}`}
      description={
        <>
          Computed reward <Money amountMinor={target.amountMinor} currency={target.currency} className="font-medium text-foreground" />. {target.explanation}
        </>
      }
      footer={
        <>
          <Button variant="outline" disabled={pending} onClick={onClose}>
            Cancel
          </Button>
          <Button variant={decision === "reject" ? "danger" : "primary"} loading={pending} onClick={submit}>
            {SUBMIT_LABEL[decision]}
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-medium">Decision</legend>
          {choices.map((c) => (
            <label key={c.value} className="flex cursor-pointer items-start gap-3 rounded-lg border border-border p-3 has-[:checked]:border-brand has-[:checked]:bg-surface-muted/60">
              <input
                type="radio"
                name="decision"
                value={c.value}
                checked={decision === c.value}
                onChange={() => {
                  setDecision(c.value);
                  setErrors({});
                }}
                className="mt-0.5 accent-brand"
                data-autofocus={c.value === "approve" ? "" : undefined}
              />
              <span>
                <span className="block text-sm font-medium">{c.label}</span>
                <span className="block text-sm text-muted-foreground">{c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {decision === "adjust" ? (
          <Field label={`Amount to credit (${target.currency})`} error={errors.amount} required>
            <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" placeholder={wholeUnits ? "120" : "4.20"} />
          </Field>
        ) : null}
        <Field label={decision === "approve" ? "Note (optional)" : "Reason"} error={errors.reason} required={decision !== "approve"}>
          <Textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
        </Field>
        {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      </div>
    </Dialog>
  );
}
