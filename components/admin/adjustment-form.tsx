"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Input, Select, Textarea } from "@/components/ui";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

type Request = (input: { memberId: string; direction: string; amount: string; reason: string }) => Promise<ActionResult<{ status: string }>>;

/** A goodwill credit or debit of one membership's available cashback; large ones wait for a second admin. */
export function AdjustmentForm({ memberships, thresholdLabel, request }: { memberships: { memberId: string; label: string }[]; thresholdLabel: string; request: Request }) {
  const router = useRouter();
  const [memberId, setMemberId] = useState(memberships[0]?.memberId ?? "");
  const [direction, setDirection] = useState("CREDIT");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    const result = await request({ memberId, direction, amount, reason });
    setPending(false);
    if (!result.ok) {
      setError({ message: result.error.message, field: result.error.field });
      return;
    }
    toast.success(result.data.status === "POSTED" ? "Adjustment posted." : "Adjustment waiting for a second admin's approval.");
    setAmount("");
    setReason("");
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2">
      <Field label="Membership">
        <Select value={memberId} onChange={(e) => setMemberId(e.target.value)}>
          {memberships.map((m) => (
            <option key={m.memberId} value={m.memberId}>
              {m.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Direction">
        <Select value={direction} onChange={(e) => setDirection(e.target.value)}>
          <option value="CREDIT">Credit (goodwill)</option>
          <option value="DEBIT">Debit (correction)</option>
        </Select>
      </Field>
      <Field label="Amount" hint={`Above ${thresholdLabel} a second admin must approve it.`} error={error?.field === "amount" ? error.message : undefined}>
        <Input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" />
      </Field>
      <Field label="Reason (kept in the audit log)" required error={error?.field === "reason" ? error.message : undefined}>
        <Textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
      </Field>
      {error && error.field !== "amount" && error.field !== "reason" ? (
        <p role="alert" className="text-sm text-danger sm:col-span-2">
          {error.message}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending || !memberId}>
          Adjust balance
        </Button>
      </div>
    </form>
  );
}
