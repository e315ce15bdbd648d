"use client";

import { useState, useTransition } from "react";
import { Alert, Button, Field, Input, Money, Textarea } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { newRequestId } from "@/components/provider/register/request-id";
import type { ActionResult } from "@/lib/actions/result";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";

export type RefundResult = { refundMinor: string; currency: Currency; rewardStatus: string | null; recoveredMinor: string; unrecoveredMinor: string };
export type RefundPurchase = (input: { providerId: string; purchaseId: string; refundMinor?: string; reason: string; requestId: string }) => Promise<ActionResult<RefundResult>>;
export type RefundTarget = { purchaseId: string; orderId: string; amountMinor: bigint; refundedMinor: bigint; currency: Currency };

/** An owner's or manager's refund of a purchase from any source, in part or in full, with a reason. */
export function RefundDialog({ providerId, target, refund, onClose }: { providerId: string; target: RefundTarget; refund: RefundPurchase; onClose: () => void }) {
  const rest = target.amountMinor - target.refundedMinor;
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reason?: string; form?: string }>({});
  const [pending, startTransition] = useTransition();
  const [requestId] = useState(newRequestId);
  const wholeUnits = minorUnitDigits(target.currency) === 0;

  function submit() {
    const next: typeof errors = {};
    let refundMinor: bigint | null = null;
    if (amount.trim() !== "") {
      refundMinor = parseAmountInput(amount, target.currency);
      if (refundMinor === null || refundMinor <= 0n) next.amount = wholeUnits ? "Enter whole points above zero, like 120, or leave it empty." : "Enter an amount above zero, like 4.20, or leave it empty.";
      else if (refundMinor > rest) next.amount = "That is more than is left to refund on this purchase.";
    }
    if (!reason.trim()) next.reason = "Say why: it is kept in the activity log and the reward's history.";
    setErrors(next);
    if (next.amount || next.reason) return;
    startTransition(async () => {
      const result = await refund({ providerId, purchaseId: target.purchaseId, reason: reason.trim(), requestId, ...(refundMinor !== null ? { refundMinor: refundMinor.toString() } : {}) });
      if (!result.ok) {
        const field = result.error.field === "refundMinor" ? "amount" : result.error.field === "reason" ? "reason" : "form";
        setErrors({ [field]: result.error.message });
        return;
      }
      const { refundMinor: refunded, unrecoveredMinor, currency } = result.data;
      const what = <Money amountMinor={refunded} currency={currency} />;
      if (BigInt(unrecoveredMinor) > 0n) {
        toast.warning(
          <span>
            Refunded {what} on order {target.orderId}; <Money amountMinor={unrecoveredMinor} currency={currency} /> of cashback had already been spent and stays outstanding, recovered from the member&apos;s next cashback.
          </span>,
        );
      } else toast.success(<span>Refunded {what} on order {target.orderId}; the cashback is adjusted.</span>);
      onClose();
    });
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open && !pending) onClose();
      }}
      dismissible={!pending}
      title={`Refund order ${target.orderId}`}
      description={
        <>
          <Money amountMinor={rest} currency={target.currency} className="font-medium text-foreground" /> left to refund. The reward keeps the share of the basket that was kept; cashback
          already available is taken back from the member&apos;s available balance, down to zero, never below; the rest is recovered from their next cashback.
        </>
      }
      footer={
        <>
          <Button variant="outline" disabled={pending} onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" loading={pending} onClick={submit}>
            Refund
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label={`Amount refunded (${target.currency})`} htmlFor="refund-amount" hint="Leave empty to refund everything left." error={errors.amount}>
          <Input id="refund-amount" value={amount} onChange={(e) => {
              setAmount(e.target.value);
              setErrors((prev) => ({ ...prev, amount: undefined }));
            }} inputMode="decimal" autoComplete="off" placeholder={wholeUnits ? "120" : "4.20"} data-autofocus="" />
        </Field>
        <Field label="Reason" htmlFor="refund-reason" error={errors.reason} required>
          <Textarea id="refund-reason" rows={3} value={reason} onChange={(e) => {
              setReason(e.target.value);
              setErrors((prev) => ({ ...prev, reason: undefined }));
            }}
            maxLength={500}
          />
        </Field>
        {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      </div>
    </Dialog>
  );
}
