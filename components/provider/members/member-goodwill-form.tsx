"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Input, Select, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/db/generated/enums";
import { formatMoney } from "@/lib/money/format";
import { parseAmountInput } from "@/lib/money/parse-amount";

type Give = (input: { providerId: string; memberId: string; direction: "CREDIT" | "DEBIT"; amount: string; reason: string }) => Promise<ActionResult<{ status: string }>>;

/**
 * The owner's goodwill credit (or debit) of a member's available cashback. Nothing moves until the owner
 * confirms the amount in a dialog; a debit cannot take more than the member has available (the server refuses).
 */
export function MemberGoodwillForm({
  providerId,
  memberId,
  memberName,
  currency,
  availableMinor,
  give,
}: {
  providerId: string;
  memberId: string;
  memberName: string;
  currency: Currency;
  /** Minor units as a string (BigInt does not cross to the client). */
  availableMinor: string;
  give: Give;
}) {
  const router = useRouter();
  const [direction, setDirection] = useState<"CREDIT" | "DEBIT">("CREDIT");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [confirming, setConfirming] = useState<bigint | null>(null);

  function review(event: React.FormEvent) {
    event.preventDefault();
    const minor = parseAmountInput(amount, currency);
    if (minor === null || minor <= 0n) return setError({ field: "amount", message: currency === "PTS" ? "Enter a whole number of points above zero." : "Enter an amount above zero, like 12.50." });
    if (direction === "DEBIT" && minor > BigInt(availableMinor)) return setError({ field: "amount", message: `A debit can take at most what ${memberName} has available: ${formatMoney(BigInt(availableMinor), currency)}.` });
    if (!reason.trim()) return setError({ field: "reason", message: "Say why." });
    setError(null);
    setConfirming(minor);
  }

  async function confirm() {
    const result = await give({ providerId, memberId, direction, amount, reason });
    if (!result.ok) {
      if (result.error.field === "amount" || result.error.field === "reason") setError({ message: result.error.message, field: result.error.field });
      throw new Error(result.error.message);
    }
    toast.success(direction === "CREDIT" ? `Goodwill credited to ${memberName}.` : `Debited from ${memberName}.`);
    setAmount("");
    setReason("");
    router.refresh();
  }

  const summary = confirming === null ? "" : formatMoney(confirming, currency);
  return (
    <form onSubmit={review} className="grid gap-3 sm:grid-cols-2" noValidate>
      <Field label="Direction">
        <Select value={direction} onChange={(e) => setDirection(e.target.value === "DEBIT" ? "DEBIT" : "CREDIT")}>
          <option value="CREDIT">Credit (goodwill)</option>
          <option value="DEBIT">Debit (correction)</option>
        </Select>
      </Field>
      <Field label="Amount" hint={`Available now: ${formatMoney(BigInt(availableMinor), currency)}`} error={error?.field === "amount" ? error.message : undefined}>
        <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
      </Field>
      <Field label="Reason (kept in the activity log)" required className="sm:col-span-2" error={error?.field === "reason" ? error.message : undefined}>
        <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit">{direction === "CREDIT" ? "Give goodwill credit" : "Debit balance"}</Button>
      </div>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={direction === "CREDIT" ? `Credit ${summary} to ${memberName}?` : `Debit ${summary} from ${memberName}?`}
        description={
          direction === "CREDIT"
            ? `It becomes available to ${memberName} at once, funded by your business like any cashback. Reason: ${reason.trim()}`
            : `It is taken from ${memberName}'s available cashback at once. Reason: ${reason.trim()}`
        }
        confirmLabel={direction === "CREDIT" ? "Credit" : "Debit"}
        destructive={direction === "DEBIT"}
        onConfirm={confirm}
      />
    </form>
  );
}
