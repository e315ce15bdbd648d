"use client";

import { useState, useTransition } from "react";
import { ScanLine, Ticket } from "lucide-react";
import { Alert, Button, Card, CardContent, Field, Input, Money, StatusBadge, type RewardStatus } from "@/components/ui";
import { QrScanner } from "@/components/provider/register/qr-scanner";
import { minorUnitDigits, type Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { ActionResult } from "@/lib/actions/result";
import { newRequestId } from "./request-id";

type Voucher = { code: string; amountMinor: string; expiresAt: string };
type Found = { memberId: string; code: string; program: string; currency: Currency; firstName: string; spendableMinor: string; voucher: Voucher | null };
type Sale = { rewardId: string; amountMinor: string; currency: Currency; status: RewardStatus; explanation: string; firstName: string };
type Spend = { redemptionId: string; spentMinor: string; spendableMinor: string; currency: Currency; firstName: string; sale: Sale | null };

type Typed = { basket: string; spend: string; receipt: string };
type Step =
  | { name: "find" }
  | { name: "scan" }
  | { name: "amount"; member: Found; typed: Typed }
  | { name: "confirm"; member: Found; typed: Typed; basketMinor: bigint; spendMinor: bigint; receipt: string; requestId: string }
  | { name: "done"; member: Found; basketMinor: bigint; spendMinor: bigint; sale: Sale | null; spend: Spend | null };

export type RegisterActions = {
  lookup: (input: { providerId: string; code: string }) => Promise<ActionResult<Found>>;
  lookupVoucher: (input: { providerId: string; voucherCode: string }) => Promise<ActionResult<Found>>;
  register: (input: { providerId: string; memberCode: string; amountMinor: string; receiptId: string }) => Promise<ActionResult<Sale>>;
  spend: (input: {
    providerId: string;
    memberCode?: string;
    voucherCode?: string;
    spendMinor: string;
    basketMinor: string;
    requestId: string;
  }) => Promise<ActionResult<Spend>>;
};

const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The cash register: find the member by scanning their card's QR (or typing the code under it, or a voucher's
 * code) → type the basket and what the member pays with cashback → confirm → the sale's reward, the cashback
 * taken and the member's first name.
 */
export function MemberLookup({ providerId, actions }: { providerId: string; actions: RegisterActions }) {
  const [step, setStep] = useState<Step>({ name: "find" });
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const go = (next: Step) => {
    setError(null);
    setStep(next);
  };
  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  const empty: Typed = { basket: "", spend: "", receipt: "" };
  const find = (code: string) =>
    startTransition(async () => {
      const result = await actions.lookup({ providerId, code });
      if (result.ok) go({ name: "amount", member: result.data, typed: empty });
      else {
        setStep({ name: "find" });
        setError({ field: "code", message: result.error.message });
      }
    });
  const findVoucher = (voucherCode: string) =>
    startTransition(async () => {
      const result = await actions.lookupVoucher({ providerId, voucherCode });
      if (result.ok) go({ name: "amount", member: result.data, typed: empty });
      else setError({ field: "voucherCode", message: result.error.message });
    });

  return (
    <Card>
      <CardContent className="space-y-4 p-5">
        {step.name === "find" ? (
          <div className="space-y-6">
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
              <Field label="Member code" htmlFor="code" error={fieldError("code")}>
                <Input id="code" name="code" autoComplete="off" autoCapitalize="characters" placeholder="K7QM-4XTR" inputMode="text" autoFocus />
              </Field>
              <Button type="submit" size="lg" variant="outline" className="w-full" loading={pending}>
                Find member
              </Button>
            </form>
            <form
              className="space-y-3 border-t border-border pt-5"
              onSubmit={(event) => {
                event.preventDefault();
                findVoucher(String(new FormData(event.currentTarget).get("voucherCode") ?? ""));
              }}
            >
              <Field label="Voucher code" htmlFor="voucherCode" hint="A member paying with a voucher from their wallet." error={fieldError("voucherCode")}>
                <Input id="voucherCode" name="voucherCode" autoComplete="off" autoCapitalize="characters" placeholder="BMR-XXXX-XXXX" />
              </Field>
              <Button type="submit" variant="outline" className="w-full" disabled={pending}>
                <Ticket aria-hidden="true" />
                Redeem voucher
              </Button>
            </form>
          </div>
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
            <span className="flex flex-col gap-1">
              <span>Member of {step.member.program}.</span>
              {step.member.voucher ? (
                <span data-testid="register-voucher">
                  Voucher {step.member.voucher.code} worth <Money amountMinor={step.member.voucher.amountMinor} currency={step.member.currency} className="font-semibold" />
                </span>
              ) : (
                <span data-testid="register-spendable">
                  Cashback to spend: <Money amountMinor={step.name === "done" && step.spend ? step.spend.spendableMinor : step.member.spendableMinor} currency={step.member.currency} className="font-semibold" />
                </span>
              )}
            </span>
          </Alert>
        ) : null}

        {step.name === "amount" ? (
          <AmountForm
            member={step.member}
            typed={step.typed}
            error={error}
            setError={(field, message) => setError({ field, message })}
            onBack={() => go({ name: "find" })}
            onContinue={(typed, basketMinor, spendMinor) =>
              go({ name: "confirm", member: step.member, typed, basketMinor, spendMinor, receipt: spendMinor === 0n ? typed.receipt.trim() : "", requestId: newRequestId() })
            }
          />
        ) : null}

        {step.name === "confirm" ? (
          <div className="space-y-4">
            {step.spendMinor > 0n ? (
              <>
                <dl className="space-y-2 rounded-lg border border-border p-4 text-sm" data-testid="register-summary">
                  <div className="flex justify-between gap-4">
                    <dt>Basket</dt>
                    <dd>
                      <Money amountMinor={step.basketMinor} currency={step.member.currency} />
                    </dd>
                  </div>
                  <div className="flex justify-between gap-4">
                    <dt>{step.member.voucher ? `Voucher ${step.member.voucher.code}` : "Paid with cashback"}</dt>
                    <dd>
                      <Money amountMinor={-step.spendMinor} currency={step.member.currency} signDisplay="exceptZero" />
                    </dd>
                  </div>
                  <div className="flex justify-between gap-4 border-t border-border pt-2 text-base font-semibold">
                    <dt>To pay</dt>
                    <dd>
                      <Money amountMinor={step.basketMinor - step.spendMinor} currency={step.member.currency} />
                    </dd>
                  </div>
                </dl>
                <p className="text-base">
                  Take <Money amountMinor={step.spendMinor} currency={step.member.currency} className="font-semibold" /> from {step.member.firstName}&apos;s{" "}
                  {step.member.voucher ? "voucher" : "cashback"}
                  {step.basketMinor > step.spendMinor ? (
                    <>
                      {" "}
                      and register a purchase of <Money amountMinor={step.basketMinor - step.spendMinor} currency={step.member.currency} className="font-semibold" />
                    </>
                  ) : null}
                  ?
                </p>
              </>
            ) : (
              <p className="text-base">
                Register a purchase of <Money amountMinor={step.basketMinor} currency={step.member.currency} className="font-semibold" /> for {step.member.firstName}
                {step.receipt ? ` (receipt ${step.receipt})` : ""}?
              </p>
            )}
            {error ? (
              <Alert variant="danger" title="Not registered">
                {error.message}
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
                    const done = { name: "done" as const, member: step.member, basketMinor: step.basketMinor, spendMinor: step.spendMinor };
                    if (step.spendMinor === 0n) {
                      const result = await actions.register({ providerId, memberCode: step.member.code, amountMinor: step.basketMinor.toString(), receiptId: step.receipt || `reg-${step.requestId}` });
                      if (result.ok) go({ ...done, sale: result.data, spend: null });
                      else setError({ field: "confirm", message: result.error.message });
                      return;
                    }
                    const result = await actions.spend({
                      providerId,
                      ...(step.member.voucher ? { voucherCode: step.member.voucher.code } : { memberCode: step.member.code }),
                      spendMinor: step.spendMinor.toString(),
                      basketMinor: step.basketMinor.toString(),
                      requestId: step.requestId,
                    });
                    if (result.ok) go({ ...done, sale: result.data.sale, spend: result.data });
                    else setError({ field: "confirm", message: result.error.message });
                  })
                }
              >
                Confirm
              </Button>
            </div>
          </div>
        ) : null}

        {step.name === "done" ? (
          <div className="space-y-4" data-testid="register-done">
            {step.spend ? (
              <Alert
                variant="success"
                title={
                  <>
                    {step.spend.firstName} paid <Money amountMinor={step.spend.spentMinor} currency={step.spend.currency} /> with {step.member.voucher ? "a voucher" : "cashback"}
                  </>
                }
              >
                {step.basketMinor > step.spendMinor ? (
                  <>
                    Collect <Money amountMinor={step.basketMinor - step.spendMinor} currency={step.member.currency} className="font-semibold" /> for the rest of the basket.
                  </>
                ) : (
                  "Nothing left to collect."
                )}
              </Alert>
            ) : null}
            {step.sale ? (
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
                    Purchase of <Money amountMinor={step.basketMinor - step.spendMinor} currency={step.member.currency} /> registered. {step.sale.explanation}
                  </span>
                  <StatusBadge status={step.sale.status} className="self-start" />
                </span>
              </Alert>
            ) : null}
            <Button type="button" size="lg" className="w-full" onClick={() => go({ name: "find" })}>
              Next customer
            </Button>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

function AmountForm({
  member,
  typed,
  error,
  setError,
  onBack,
  onContinue,
}: {
  member: Found;
  typed: Typed;
  error: { field: string; message: string } | null;
  setError: (field: string, message: string) => void;
  onBack: () => void;
  onContinue: (typed: Typed, basketMinor: bigint, spendMinor: bigint) => void;
}) {
  const points = minorUnitDigits(member.currency) === 0;
  const spendable = BigInt(member.spendableMinor);
  const voucher = member.voucher ? BigInt(member.voucher.amountMinor) : null;
  const [spend, setSpend] = useState(typed.spend);
  const [receipt, setReceipt] = useState(typed.receipt);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const basket = String(new FormData(event.currentTarget).get("amount") ?? "");
        const basketMinor = parseAmountInput(basket, member.currency);
        if (basketMinor === null || basketMinor <= 0n) {
          setError("amount", points ? "Enter the basket in whole points, like 120." : "Enter the basket amount, like 12.50.");
          return;
        }
        // A voucher pays up to its value (the rest of it returns to the member); cashback what the cashier typed.
        let spendMinor = voucher === null ? 0n : min(voucher, basketMinor);
        if (voucher === null && spend.trim() !== "") {
          const parsed = parseAmountInput(spend, member.currency);
          if (parsed === null || parsed < 0n) {
            setError("spend", points ? "Enter whole points, like 120, or leave it empty." : "Enter an amount like 5.00, or leave it empty.");
            return;
          }
          if (parsed > spendable) {
            setError("spend", `${member.firstName} has less cashback than that to spend.`);
            return;
          }
          if (parsed > basketMinor) {
            setError("spend", "The cashback paid cannot be more than the basket.");
            return;
          }
          spendMinor = parsed;
        }
        if (receipt.trim().length > 100) {
          setError("receipt", "A receipt number has at most 100 characters.");
          return;
        }
        onContinue({ basket, spend, receipt }, basketMinor, spendMinor);
      }}
    >
      <Field label={`Basket amount (${member.currency})`} htmlFor="amount" error={error?.field === "amount" ? error.message : undefined}>
        <Input id="amount" name="amount" defaultValue={typed.basket} autoComplete="off" inputMode="decimal" placeholder={points ? "120" : "12.50"} autoFocus />
      </Field>
      {voucher === null ? (
        <Field
          label={`Pay with cashback (${member.currency})`}
          htmlFor="spend"
          hint={spendable > 0n ? "Optional: part or all of the basket, up to the cashback to spend." : `${member.firstName} has no cashback to spend yet.`}
          error={error?.field === "spend" ? error.message : undefined}
        >
          <Input
            id="spend"
            name="spend"
            value={spend}
            onChange={(e) => setSpend(e.target.value)}
            autoComplete="off"
            inputMode="decimal"
            placeholder={points ? "0" : "0.00"}
            disabled={spendable <= 0n}
          />
        </Field>
      ) : null}
      {voucher === null && spend.trim() === "" ? (
        <Field label="Receipt number (optional)" htmlFor="receipt" hint="From the till's receipt, to find the sale later; the same number cannot be registered twice." error={error?.field === "receipt" ? error.message : undefined}>
          <Input id="receipt" name="receipt" value={receipt} onChange={(e) => setReceipt(e.target.value)} autoComplete="off" maxLength={100} placeholder="e.g. 0042-1187" />
        </Field>
      ) : null}
      <div className="flex gap-3">
        <Button type="button" variant="outline" size="lg" onClick={onBack}>
          Back
        </Button>
        <Button type="submit" size="lg" className="flex-1">
          Continue
        </Button>
      </div>
    </form>
  );
}
