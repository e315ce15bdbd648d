"use client";

import { useEffect, useState, useTransition } from "react";
import { Receipt } from "lucide-react";
import { Alert, Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Field, Money, StatusBadge, Textarea, type RewardStatus } from "@/components/ui";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import type { Currency } from "@/lib/money/currency";
import { formatMoney } from "@/lib/money/format";
import { newRequestId } from "./request-id";

/** One sale of this shift as the page hands it over: dates as ISO strings. */
export type RecentSale = {
  purchaseId: string;
  receiptRef: string | null;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: Currency;
  createdAt: string;
  voidableUntil: string | null;
  memberFirstName: string;
  memberCode: string | null;
  reward: { status: RewardStatus; amountMinor: bigint } | null;
};

export type VoidSale = (input: { providerId: string; purchaseId: string; reason: string; requestId: string }) => Promise<ActionResult<unknown>>;

// UTC, as everywhere on the dashboard, so the server and the browser render the same text.
const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "UTC" });

/** Re-renders every 15 s so a sale's Void button disappears when its 10 minutes are over (the server checks again). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** The last sales of this cashier's shift (today, newest first), each voidable by them for 10 minutes. */
export function RecentSales({ providerId, sales, voidSale }: { providerId: string; sales: RecentSale[]; voidSale: VoidSale }) {
  const now = useNow();
  const [target, setTarget] = useState<RecentSale | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your sales today</CardTitle>
        <CardDescription>A sale typed by mistake can be voided for 10 minutes; after that a manager refunds it from Orders.</CardDescription>
      </CardHeader>
      <CardContent>
        {sales.length === 0 ? (
          <EmptyState icon={<Receipt />} title="No sales yet" description="Your sales of today appear here, newest first." />
        ) : (
          <ul className="divide-y divide-border" data-testid="register-sales">
            {sales.map((sale) => {
              const voided = sale.refundedMinor >= sale.amountMinor;
              const voidable = sale.voidableUntil !== null && Date.parse(sale.voidableUntil) > now;
              return (
                <li key={sale.purchaseId} className="flex items-center justify-between gap-3 py-3" data-testid="register-sale">
                  <div className="min-w-0">
                    <p className="font-medium">
                      <Money amountMinor={sale.amountMinor} currency={sale.currency} className={voided ? "line-through" : undefined} />{" "}
                      <span className="font-normal text-muted-foreground">· {sale.memberFirstName}</span>
                    </p>
                    <p className="text-sm text-muted-foreground">
                      <time dateTime={sale.createdAt}>{time.format(new Date(sale.createdAt))} UTC</time>
                      {sale.reward && !voided ? (
                        <>
                          {" "}
                          · earns <Money amountMinor={sale.reward.amountMinor} currency={sale.currency} />
                        </>
                      ) : null}
                    </p>
                    {sale.receiptRef ? <p className="text-sm break-all text-muted-foreground">receipt {sale.receiptRef}</p> : null}
                  </div>
                  <div className="flex shrink-0 items-center gap-2">
                    {voided ? <Badge variant="danger" appearance="outline">Voided</Badge> : sale.reward ? <StatusBadge status={sale.reward.status} /> : null}
                    {voidable && !voided ? (
                      <Button type="button" variant="outline" size="sm" onClick={() => setTarget(sale)} aria-label={`Void the sale of ${formatMoney(sale.amountMinor, sale.currency)} at ${time.format(new Date(sale.createdAt))} UTC${sale.receiptRef ? `, receipt ${sale.receiptRef}` : ""}`}>
                        Void
                      </Button>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
      {target ? <VoidDialog providerId={providerId} sale={target} voidSale={voidSale} onClose={() => setTarget(null)} /> : null}
    </Card>
  );
}

function VoidDialog({ providerId, sale, voidSale, onClose }: { providerId: string; sale: RecentSale; voidSale: VoidSale; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<{ reason?: string; form?: string }>({});
  const [pending, startTransition] = useTransition();
  const [requestId] = useState(newRequestId);
  function submit() {
    if (!reason.trim()) {
      setErrors({ reason: "Say why the sale is voided: your manager sees it in the activity log." });
      return;
    }
    startTransition(async () => {
      const result = await voidSale({ providerId, purchaseId: sale.purchaseId, reason: reason.trim(), requestId });
      if (!result.ok) {
        setErrors(result.error.field === "reason" ? { reason: result.error.message } : { form: result.error.message });
        return;
      }
      toast.success(`Sale voided: ${sale.memberFirstName}'s cashback for it is taken back.`);
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
      title="Void this sale?"
      description={
        <>
          The purchase of <Money amountMinor={sale.amountMinor} currency={sale.currency} className="font-medium text-foreground" /> for {sale.memberFirstName} is refunded in full and its cashback taken
          back.
        </>
      }
      footer={
        <>
          <Button variant="outline" disabled={pending} onClick={onClose}>
            Keep the sale
          </Button>
          <Button variant="danger" loading={pending} onClick={submit}>
            Void sale
          </Button>
        </>
      }
    >
      <div className="space-y-4">
        <Field label="Reason" htmlFor="void-reason" error={errors.reason} required>
          <Textarea id="void-reason" rows={3} value={reason} onChange={(e) => {
              setReason(e.target.value);
              setErrors({});
            }}
            maxLength={500}
            placeholder="Typed 100000 instead of 1000" data-autofocus="" />
        </Field>
        {errors.form ? <Alert variant="danger">{errors.form}</Alert> : null}
      </div>
    </Dialog>
  );
}
