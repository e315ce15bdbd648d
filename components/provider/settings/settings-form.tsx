"use client";

import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, Select } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import type { SettingsChange } from "@/lib/programs/update-program-settings";
import { cn } from "@/lib/utils/cn";

type Mode = "AUTOMATIC" | "MANUAL";

export type SettingsValues = {
  processingMode: Mode;
  holdDays: string;
  reviewThreshold: string;
  cashierDailyCap: string;
  cashierDailySpendCap: string;
  voucherValidityDays: string;
  velocityLimitPerDay: string;
  membership: "FREE" | "PAID";
  membershipPrice: string;
  membershipInterval: "" | "MONTH" | "YEAR";
  expiryMonths: string;
};

type Payload = SettingsValues & { providerId: string; programId: string; processQueue?: boolean };

/** Free sends no price, so the server stores neither price nor interval (the database wants both or neither). */
function payloadOf(values: SettingsValues): SettingsValues {
  return values.membership === "FREE" ? { ...values, membershipPrice: "", membershipInterval: "" } : values;
}

export interface SettingsFormProps {
  providerId: string;
  programId: string;
  currency: Currency;
  /** Purchases waiting in the review queue right now. */
  reviewQueue: number;
  /** The business's Stripe account can accept charges: only then may the program be made paid. */
  canCharge?: boolean;
  initial: SettingsValues;
  save: (input: Payload) => Promise<ActionResult<{ changes: SettingsChange[]; approved: number }>>;
}

const LABELS: Record<SettingsChange["field"], string> = {
  processingMode: "Processing",
  holdDays: "Hold period",
  reviewThreshold: "Review threshold",
  cashierDailyCap: "Cashier daily cap",
  cashierDailySpendCap: "Cashier daily spend cap",
  voucherValidityDays: "Vouchers valid for",
  velocityLimitPerDay: "Velocity limit",
  membershipPrice: "Membership price",
  membershipInterval: "Billed",
  expiryMonths: "Expiry",
};

function describeChange(c: SettingsChange, currency: Currency): string {
  const show = (v: string | null): string => {
    if (c.field === "membershipPrice") return v === null ? "free" : formatMoney(BigInt(v), currency);
    if (c.field === "membershipInterval") return v === null ? "—" : v === "MONTH" ? "monthly" : "yearly";
    if (c.field === "expiryMonths") return v === null ? "never" : `after ${v} month${v === "1" ? "" : "s"}`;
    if (v === null) return "no limit";
    if (c.field === "processingMode") return v === "AUTOMATIC" ? "automatic" : "manual";
    if (c.field === "voucherValidityDays") return `${v} day${v === "1" ? "" : "s"}`;
    if (c.field === "holdDays") return `${v} day${v === "1" ? "" : "s"}`;
    if (c.field === "velocityLimitPerDay") return `${v} a day`;
    return formatMoney(BigInt(v), currency);
  };
  return `${LABELS[c.field]}: ${show(c.from)} → ${show(c.to)}`;
}

const MODES: { value: Mode; title: string; text: string }[] = [
  { value: "AUTOMATIC", title: "Automatic", text: "Cashback is issued as soon as a payment is confirmed. Large or unusual rewards still go to review." },
  { value: "MANUAL", title: "Manual", text: "Every purchase waits in the review queue until someone approves, adjusts, holds or rejects it." },
];

export function SettingsForm({ providerId, programId, currency, reviewQueue, canCharge = true, initial, save }: SettingsFormProps) {
  // A price set before Connect stays editable as it is; a free program becomes paid only once Stripe can charge.
  const paidBlocked = !canCharge && initial.membership !== "PAID";
  const [values, setValues] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [queueRefusal, setQueueRefusal] = useState<string | null>(null);
  const [confirmQueue, setConfirmQueue] = useState(false);
  const [pending, setPending] = useState(false);

  const dirty = (Object.keys(values) as (keyof SettingsValues)[]).some((k) => values[k] !== saved[k]);
  const set = (key: keyof SettingsValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const unit = currency === "PTS" ? "points" : currency;

  /** Saves; answers the error message when it failed, so the queue dialog can show it. */
  async function submit(processQueue: boolean): Promise<string | null> {
    setErrors({});
    setFormError(null);
    const result = await save({ ...payloadOf(values), providerId, programId, processQueue });
    if (result.ok) {
      setSaved(values);
      setQueueRefusal(null);
      const { changes, approved } = result.data;
      if (changes.length === 0) toast.info("Nothing changed.");
      else
        toast.success("Settings saved", {
          description: [...changes.map((c) => describeChange(c, currency)), ...(approved > 0 ? [`${approved} queued purchase${approved === 1 ? "" : "s"} approved`] : [])].join(" · "),
        });
      return null;
    }
    const { code, field, message } = result.error;
    if (code === "CONFLICT" && field === "processQueue") setQueueRefusal(message);
    else if (code === "VALIDATION" && field && field in initial) setErrors({ [field]: message.replace(`${field}: `, "") });
    else setFormError(message);
    return message;
  }

  return (
    <form
      className="space-y-6"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        await submit(false);
        setPending(false);
      }}
    >
      <Card>
        <CardHeader>
          <CardTitle as="h2">Processing</CardTitle>
          <CardDescription>How purchases become rewards, and how long cashback stays pending before members can use it.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-5">
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium">Processing mode</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {MODES.map((m) => (
                <label
                  key={m.value}
                  className={cn(
                    "flex cursor-pointer gap-3 rounded-xl border p-4 text-sm transition-colors",
                    values.processingMode === m.value ? "border-brand bg-brand-subtle" : "border-border hover:bg-surface-muted",
                  )}
                >
                  <input
                    type="radio"
                    name="processingMode"
                    value={m.value}
                    checked={values.processingMode === m.value}
                    onChange={() => {
                      set("processingMode")(m.value);
                      setQueueRefusal(null);
                    }}
                    className="mt-0.5 accent-(--brand)"
                  />
                  <span className="flex flex-col gap-1">
                    <span className="font-medium">{m.title}</span>
                    <span className="text-muted-foreground">{m.text}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.processingMode ? <p className="text-sm font-medium text-danger">{errors.processingMode}</p> : null}
            {reviewQueue > 0 && saved.processingMode === "MANUAL" && values.processingMode === "AUTOMATIC" && !queueRefusal ? (
              <p className="text-sm text-muted-foreground">
                {reviewQueue} purchase{reviewQueue === 1 ? " waits" : "s wait"} in the review queue.
              </p>
            ) : null}
          </fieldset>
          {queueRefusal ? (
            <Alert variant="warning" title="The review queue is not empty">
              <div className="flex flex-col gap-3">
                <span>{queueRefusal}</span>
                <div>
                  <Button type="button" size="sm" onClick={() => setConfirmQueue(true)}>
                    Approve the queue and switch
                  </Button>
                </div>
              </div>
            </Alert>
          ) : null}
          <Field label="Hold period (days)" hint="0 to 30. Cashback stays pending this long, so a refund inside it cancels the reward. 14 covers the EU withdrawal right." error={errors.holdDays}>
            <Input name="holdDays" inputMode="numeric" className="max-w-32" value={values.holdDays} onChange={(e) => set("holdDays")(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Guards</CardTitle>
          <CardDescription>Limits that catch mistakes and abuse. Leave a field empty for no limit.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <Field label={`Review threshold (${unit})`} hint="Rewards above this go to the review queue, even in automatic mode." error={errors.reviewThreshold}>
            <Input name="reviewThreshold" inputMode="decimal" placeholder="No limit" value={values.reviewThreshold} onChange={(e) => set("reviewThreshold")(e.target.value)} />
          </Field>
          <Field label={`Cashier daily cap (${unit})`} hint="The most cashback one cashier may issue per day (UTC) at the register." error={errors.cashierDailyCap}>
            <Input name="cashierDailyCap" inputMode="decimal" placeholder="No limit" value={values.cashierDailyCap} onChange={(e) => set("cashierDailyCap")(e.target.value)} />
          </Field>
          <Field label="Velocity limit (rewards per member per day)" hint="Further rewards that day go to the review queue." error={errors.velocityLimitPerDay}>
            <Input name="velocityLimitPerDay" inputMode="numeric" placeholder="No limit" value={values.velocityLimitPerDay} onChange={(e) => set("velocityLimitPerDay")(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Spending cashback</CardTitle>
          <CardDescription>How members pay with their cashback at your register and with vouchers.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <Field
            label={`Cashier daily spend cap (${unit})`}
            hint="The most cashback one cashier may accept as payment per day (UTC) at the register. A cashier's own cap on the Staff page wins."
            error={errors.cashierDailySpendCap}
          >
            <Input name="cashierDailySpendCap" inputMode="decimal" placeholder="No limit" value={values.cashierDailySpendCap} onChange={(e) => set("cashierDailySpendCap")(e.target.value)} />
          </Field>
          <Field label="Vouchers valid for (days)" hint="1 to 90. An unused voucher expires after this and its amount returns to the member." error={errors.voucherValidityDays}>
            <Input name="voucherValidityDays" inputMode="numeric" className="max-w-32" value={values.voucherValidityDays} onChange={(e) => set("voucherValidityDays")(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Membership and expiry</CardTitle>
          <CardDescription>What joining costs, and how long available cashback stays usable.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-5">
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium">Membership</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {(
                [
                  { value: "FREE", title: "Free to join", text: "Anyone can join and start earning at once." },
                  {
                    value: "PAID",
                    title: "Paid membership",
                    text:
                      currency === "PTS"
                        ? "Not available for points programs."
                        : paidBlocked
                          ? "Connect your Stripe account first (Payments, above): the fees are paid into it."
                          : "Members pay a monthly or yearly fee by card through Stripe Checkout, and can join once it is paid.",
                  },
                ] as const
              ).map((m) => (
                <label
                  key={m.value}
                  className={cn(
                    "flex cursor-pointer gap-3 rounded-xl border p-4 text-sm transition-colors",
                    values.membership === m.value ? "border-brand bg-brand-subtle" : "border-border hover:bg-surface-muted",
                    m.value === "PAID" && (currency === "PTS" || paidBlocked) && "cursor-not-allowed opacity-60",
                  )}
                >
                  <input
                    type="radio"
                    name="membership"
                    value={m.value}
                    checked={values.membership === m.value}
                    disabled={m.value === "PAID" && (currency === "PTS" || paidBlocked)}
                    onChange={() => setValues((v) => ({ ...v, membership: m.value, membershipInterval: m.value === "PAID" && !v.membershipInterval ? "MONTH" : v.membershipInterval }))}
                    className="mt-0.5 accent-(--brand)"
                  />
                  <span className="flex flex-col gap-1">
                    <span className="font-medium">{m.title}</span>
                    <span className="text-muted-foreground">{m.text}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {values.membership === "PAID" ? (
            <div className="grid gap-5 sm:grid-cols-2">
              <Field label={`Price (${unit})`} error={errors.membershipPrice}>
                <Input name="membershipPrice" inputMode="decimal" placeholder="4.99" value={values.membershipPrice} onChange={(e) => set("membershipPrice")(e.target.value)} />
              </Field>
              <Field label="Billed" error={errors.membershipInterval}>
                <Select name="membershipInterval" value={values.membershipInterval} onChange={(e) => set("membershipInterval")(e.target.value)}>
                  <option value="">Choose…</option>
                  <option value="MONTH">Per month</option>
                  <option value="YEAR">Per year</option>
                </Select>
              </Field>
            </div>
          ) : null}
          <Field label="Cashback expires after (months)" hint="1 to 120 months after it became available. Leave empty for never; members are told before it expires." error={errors.expiryMonths}>
            <Input name="expiryMonths" inputMode="numeric" className="max-w-32" placeholder="Never" value={values.expiryMonths} onChange={(e) => set("expiryMonths")(e.target.value)} />
          </Field>
        </CardContent>
      </Card>

      {formError ? <Alert variant="danger">{formError}</Alert> : null}

      <div className="flex gap-2">
        <Button type="submit" loading={pending} disabled={!dirty}>
          Save settings
        </Button>
        <Button
          type="button"
          variant="ghost"
          disabled={!dirty || pending}
          onClick={() => {
            setValues(saved);
            setErrors({});
            setQueueRefusal(null);
          }}
        >
          Discard changes
        </Button>
      </div>

      <ConfirmDialog
        open={confirmQueue}
        onOpenChange={setConfirmQueue}
        title="Approve the queue and switch to automatic?"
        description="Every purchase waiting for review is approved with its computed cashback, which then follows the hold period. Held purchases stay held; zero-amount ones stay in the queue."
        confirmLabel="Approve and switch"
        onConfirm={async () => {
          const error = await submit(true);
          if (error) throw new Error(error);
        }}
      />
    </form>
  );
}

