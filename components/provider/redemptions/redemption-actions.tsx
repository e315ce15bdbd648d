"use client";

import { useState } from "react";
import { Button, Field, Input, Money, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";

type Ref = { providerId: string; redemptionId: string };
export type CancelRedemption = (input: Ref & { reason?: string }) => Promise<ActionResult<{ status: string }>>;
export type RefundRedemption = (input: Ref & { amountMinor: string; reason: string; idempotencyKey: string }) => Promise<ActionResult<{ refundId: string; status: string }>>;

export interface RedemptionActionsProps extends Ref {
  orderId: string;
  memberLabel: string;
  currency: Currency;
  /** Minor units as strings (they cross to the browser). */
  heldMinor: string;
  refundableMinor: string;
  canCancel: boolean;
  canRefund: boolean;
  cancel: CancelRedemption;
  refund: RefundRedemption;
}

/** Cancel an open hold, or refund part or all of a captured redemption; both ask for confirmation first. */
export function RedemptionActions(props: RedemptionActionsProps) {
  const { providerId, redemptionId, orderId, memberLabel, currency, canCancel, canRefund } = props;
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState("");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const [confirmRefund, setConfirmRefund] = useState<{ amountMinor: bigint; key: string } | null>(null);
  const refundable = BigInt(props.refundableMinor);
  const wholeUnits = minorUnitDigits(currency) === 0;

  function review(event: React.FormEvent) {
    event.preventDefault();
    const next: typeof errors = {};
    const amountMinor = parseAmountInput(amount, currency);
    if (amountMinor === null || amountMinor <= 0n) next.amount = wholeUnits ? "Enter a whole number of points above zero." : "Enter an amount above zero, like 2.50.";
    else if (amountMinor > refundable) next.amount = "That is more than is left to refund.";
    if (!reason.trim()) next.reason = "Say why: it is kept in the activity log.";
    setErrors(next);
    if (next.amount || next.reason || amountMinor === null) return;
    // One key per confirmation: a double click or a retry after a timeout refunds once.
    setConfirmRefund({ amountMinor, key: crypto.randomUUID() });
  }

  if (!canCancel && !canRefund) {
    return <p className="text-sm text-muted-foreground">Nothing left to do: this redemption is settled.</p>;
  }

  return (
    <div className="flex flex-col gap-4">
      {canCancel ? (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-muted-foreground">
            The checkout has not captured this hold yet. Cancel it to give <Money amountMinor={props.heldMinor} currency={currency} className="font-medium text-foreground" /> back
            to {memberLabel} now.
          </p>
          <Button variant="outline" onClick={() => setCancelling(true)}>
            Cancel the hold
          </Button>
        </div>
      ) : null}

      {canRefund ? (
        <form onSubmit={review} noValidate className="flex flex-col gap-4" aria-label="Refund cashback">
          <p className="text-sm text-muted-foreground">
            Give back cashback spent on order {orderId}, e.g. when goods are returned. Up to{" "}
            <Money amountMinor={refundable} currency={currency} className="font-medium text-foreground" /> can still be refunded.
          </p>
          <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
            <Field label={`Amount (${currency})`} error={errors.amount} required>
              <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" placeholder={wholeUnits ? "120" : "2.50"} />
            </Field>
            <Field label="Reason" error={errors.reason} required>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} autoComplete="off" placeholder="Returned one item" />
            </Field>
          </div>
          <div>
            <Button type="submit" variant="outline">
              Refund…
            </Button>
          </div>
        </form>
      ) : null}

      <ConfirmDialog
        open={cancelling}
        onOpenChange={setCancelling}
        title="Cancel this hold?"
        description={
          <>
            <Money amountMinor={props.heldMinor} currency={currency} className="font-medium text-foreground" /> goes back to {memberLabel}&apos;s available
            cashback at once. The checkout can no longer capture it.
          </>
        }
        confirmLabel="Cancel the hold"
        cancelLabel="Keep it"
        destructive
        onConfirm={async () => {
          const result = await props.cancel({ providerId, redemptionId, reason: cancelReason.trim() || undefined });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`Hold on order ${orderId} canceled.`);
          setCancelReason("");
        }}
      >
        <Field label="Reason (optional)">
          <Textarea rows={2} value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} maxLength={500} />
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={confirmRefund !== null}
        onOpenChange={(open) => {
          if (!open) setConfirmRefund(null);
        }}
        title={
          confirmRefund ? (
            <>
              Refund <Money amountMinor={confirmRefund.amountMinor} currency={currency} />?
            </>
          ) : (
            "Refund?"
          )
        }
        description={
          <>
            It goes back to {memberLabel}&apos;s available cashback at once, paid from what you owe your members. Reason: “{reason.trim()}”.
          </>
        }
        confirmLabel="Refund"
        onConfirm={async () => {
          if (!confirmRefund) return;
          const result = await props.refund({ providerId, redemptionId, amountMinor: confirmRefund.amountMinor.toString(), reason: reason.trim(), idempotencyKey: confirmRefund.key });
          if (!result.ok) throw new Error(result.error.message);
          toast.success(`Refunded on order ${orderId}.`);
          setAmount("");
          setReason("");
        }}
      />
    </div>
  );
}
