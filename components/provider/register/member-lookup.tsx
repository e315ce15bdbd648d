"use client";

import { useState, useTransition } from "react";
import { ScanLine } from "lucide-react";
import { Alert, Button, Card, CardContent, Field, Input, Money, StatusBadge, type RewardStatus } from "@/components/ui";
import { QrScanner } from "@/components/provider/register/qr-scanner";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { ActionResult } from "@/lib/actions/result";

type Found = { memberId: string; code: string; program: string; currency: Currency; firstName: string };
type Sale = { rewardId: string; amountMinor: string; currency: Currency; status: RewardStatus; explanation: string; firstName: string };

type Step =
  | { name: "find" }
  | { name: "scan" }
  | { name: "amount"; member: Found; typed: string }
  | { name: "confirm"; member: Found; typed: string; amountMinor: bigint; receiptId: string }
  | { name: "done"; member: Found; amountMinor: bigint; sale: Sale };

/** A receipt id for one confirmation, so a double tap or a retry cannot register the sale twice. */
function newReceiptId(): string {
  // crypto.randomUUID needs a secure context; a till on the shop's LAN may be plain http.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `reg-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * The cash register: find the member by scanning their card's QR (or typing the code under it) → type the
 * basket → confirm → the reward and the member's first name.
 */
export type RegisterActions = {
  lookup: (input: { providerId: string; code: string }) => Promise<ActionResult<Found>>;
  register: (input: { providerId: string; memberCode: string; amountMinor: string; receiptId: string }) => Promise<ActionResult<Sale>>;
};

export function MemberLookup({ providerId, actions }: { providerId: string; actions: RegisterActions }) {
  const [step, setStep] = useState<Step>({ name: "find" });
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const go = (next: Step) => {
    setError(null);
    setStep(next);
  };
  const find = (code: string) =>
    startTransition(async () => {
      const result = await actions.lookup({ providerId, code });
      if (result.ok) go({ name: "amount", member: result.data, typed: "" });
      else {
        setStep({ name: "find" });
        setError(result.error.message);
      }
    });

  return (
    <Card>
      <CardContent className="space-y-4 p-5">
        {step.name === "find" ? (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              find(String(new FormData(event.currentTarget).get("code") ?? ""));
            }}
          >
            <Button type="button" size="lg" className="w-full" disabled={pending} onClick={() => go({ name: "scan" })}>
              <ScanLine aria-hidden="true" />
              Scan card
            </Button>
            <p className="text-center text-sm text-muted-foreground">or type the code under the QR</p>
            <Field label="Member code" htmlFor="code" error={error ?? undefined}>
              <Input id="code" name="code" autoComplete="off" autoCapitalize="characters" placeholder="K7QM-4XTR" inputMode="text" autoFocus />
            </Field>
            <Button type="submit" size="lg" variant="outline" className="w-full" loading={pending}>
              Find member
            </Button>
          </form>
        ) : null}

        {step.name === "scan" ? (
          pending ? (
            <p className="text-sm text-muted-foreground" role="status">
              Card read; finding the member…
            </p>
          ) : (
            <QrScanner onResult={find} onCancel={() => go({ name: "find" })} />
          )
        ) : null}

        {step.name !== "find" && step.name !== "scan" ? (
          <Alert variant="info" title={`${step.member.firstName} · ${step.member.code}`}>
            Member of {step.member.program}.
          </Alert>
        ) : null}

        {step.name === "amount" ? (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              const typed = String(new FormData(event.currentTarget).get("amount") ?? "");
              const amountMinor = parseAmountInput(typed, step.member.currency);
              if (amountMinor === null || amountMinor <= 0n) {
                setError(minorUnitDigits(step.member.currency) === 0 ? "Enter the basket in whole points, like 120." : "Enter the basket amount, like 12.50.");
                return;
              }
              go({ name: "confirm", member: step.member, typed, amountMinor, receiptId: newReceiptId() });
            }}
          >
            <Field label={`Basket amount (${step.member.currency})`} htmlFor="amount" error={error ?? undefined}>
              <Input id="amount" name="amount" defaultValue={step.typed} autoComplete="off" inputMode="decimal" placeholder={minorUnitDigits(step.member.currency) === 0 ? "120" : "12.50"} autoFocus />
            </Field>
            <div className="flex gap-3">
              <Button type="button" variant="outline" size="lg" onClick={() => go({ name: "find" })}>
                Back
              </Button>
              <Button type="submit" size="lg" className="flex-1">
                Continue
              </Button>
            </div>
          </form>
        ) : null}

        {step.name === "confirm" ? (
          <div className="space-y-4">
            <p className="text-base">
              Register a purchase of <Money amountMinor={step.amountMinor} currency={step.member.currency} className="font-semibold" /> for {step.member.firstName}?
            </p>
            {error ? (
              <Alert variant="danger" title="Not registered">
                {error}
              </Alert>
            ) : null}
            <div className="flex gap-3">
              <Button type="button" variant="outline" size="lg" disabled={pending} onClick={() => go({ name: "amount", member: step.member, typed: step.typed })}>
                Back
              </Button>
              <Button
                type="button"
                size="lg"
                className="flex-1"
                loading={pending}
                onClick={() =>
                  startTransition(async () => {
                    const result = await actions.register({
                      providerId,
                      memberCode: step.member.code,
                      amountMinor: step.amountMinor.toString(),
                      receiptId: step.receiptId,
                    });
                    if (result.ok) go({ name: "done", member: step.member, amountMinor: step.amountMinor, sale: result.data });
                    else setError(result.error.message);
                  })
                }
              >
                Confirm
              </Button>
            </div>
          </div>
        ) : null}

        {step.name === "done" ? (
          <div className="space-y-4">
            <Alert
              variant={step.sale.status === "REJECTED" ? "warning" : "success"}
              title={
                <>
                  {step.sale.firstName} earns <Money amountMinor={step.sale.amountMinor} currency={step.sale.currency} />
                </>
              }
            >
              <span className="flex flex-col gap-2">
                <span>
                  Purchase of <Money amountMinor={step.amountMinor} currency={step.member.currency} /> registered. {step.sale.explanation}
                </span>
                <StatusBadge status={step.sale.status} className="self-start" />
              </span>
            </Alert>
            <Button type="button" size="lg" className="w-full" onClick={() => go({ name: "find" })}>
              Next customer
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
