"use client";

import { useState } from "react";
import { Button, Field, Money, StatusBadge, TBody, TD, TH, THead, TR, Table, Textarea } from "@/components/ui";
import { ConfirmDialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { CustomerCell } from "@/components/provider/orders/customer-cell";
import { REVIEWABLE, SOURCE_LABELS, type OrderRowView } from "@/components/provider/orders/types";
import type { ActionResult } from "@/lib/actions/result";
import { RefundDialog, type RefundPurchase, type RefundTarget } from "./refund-dialog";
import { ReviewDialog, type ReviewOrder, type ReviewTarget } from "./review-dialog";

export type OrderActions = {
  review: ReviewOrder;
  bulkReview: (input: { providerId: string; rewardIds: string[]; decision: "approve" | "reject"; reason: string }) => Promise<ActionResult<{ done: number; failed: { rewardId: string; message: string }[] }>>;
  reverse: (input: { providerId: string; rewardId: string }) => Promise<ActionResult<{ recoveredMinor: string; unrecoveredMinor: string; currency: OrderRowView["currency"] }>>;
  refund: RefundPurchase;
};

type ReverseTarget = { rewardId: string; orderId: string; dueMinor: bigint; currency: OrderRowView["currency"] };

/** The orders with their rewards; queued rewards can be selected for a bulk decision or reviewed one by one. */
export function OrdersTable({ providerId, rows, actions }: { providerId: string; rows: OrderRowView[]; actions: OrderActions }) {
  const selectable = rows.flatMap((r) => (r.reward && REVIEWABLE.has(r.reward.status) ? [r.reward.id] : []));
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Rows that left the queue (decided, or gone after a refresh) drop out of the selection by themselves.
  const selected = selectable.filter((id) => picked.has(id));
  const allSelected = selectable.length > 0 && selected.length === selectable.length;
  const [bulk, setBulk] = useState<"approve" | "reject" | null>(null);
  const [bulkReason, setBulkReason] = useState("");
  const [review, setReview] = useState<ReviewTarget | null>(null);
  const [reverse, setReverse] = useState<ReverseTarget | null>(null);
  const [refund, setRefund] = useState<RefundTarget | null>(null);

  const toggle = (id: string, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  async function runBulk(decision: "approve" | "reject") {
    if (decision === "reject" && !bulkReason.trim()) throw new Error("Say why these rewards are rejected.");
    const result = await actions.bulkReview({ providerId, rewardIds: selected, decision, reason: bulkReason.trim() });
    if (!result.ok) throw new Error(result.error.message);
    const { done, failed } = result.data;
    const verb = decision === "approve" ? "approved" : "rejected";
    if (failed.length === 0) toast.success(`${done} ${done === 1 ? "reward" : "rewards"} ${verb}.`);
    else toast.warning(`${done} ${verb}, ${failed.length} not changed.`, { description: [...new Set(failed.map((f) => f.message))].join(" ") });
    setPicked(new Set());
    setBulkReason("");
  }

  async function runReverse(target: ReverseTarget) {
    const result = await actions.reverse({ providerId, rewardId: target.rewardId });
    if (!result.ok) throw new Error(result.error.message);
    const { recoveredMinor, unrecoveredMinor, currency } = result.data;
    const recovered = <Money amountMinor={recoveredMinor} currency={currency} />;
    if (BigInt(unrecoveredMinor) > 0n) toast.warning(<span>Reversed {recovered}; <Money amountMinor={unrecoveredMinor} currency={currency} /> had already been spent and is not recovered.</span>);
    else toast.success(<span>Reversed {recovered} on order {target.orderId}.</span>);
  }

  return (
    <div className="space-y-3">
      {selected.length > 0 ? (
        <div role="region" aria-label="Bulk review" className="flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface-muted/60 px-4 py-2.5">
          <p className="text-sm font-medium">{selected.length} selected</p>
          <div className="ml-auto flex gap-2">
            <Button size="sm" variant="ghost" onClick={() => setPicked(new Set())}>
              Clear
            </Button>
            <Button size="sm" variant="outline" onClick={() => setBulk("reject")}>
              Reject selected
            </Button>
            <Button size="sm" onClick={() => setBulk("approve")}>
              Approve selected
            </Button>
          </div>
        </div>
      ) : null}

      <Table label="Orders">
        <THead>
          <TR>
            <TH className="w-10">
              <input
                type="checkbox"
                aria-label="Select every order waiting for review on this page"
                className="size-4 accent-brand"
                disabled={selectable.length === 0}
                checked={allSelected}
                onChange={(e) => setPicked(e.target.checked ? new Set(selectable) : new Set())}
              />
            </TH>
            <TH>Date</TH>
            <TH>Order</TH>
            <TH>Customer</TH>
            <TH numeric>Basket</TH>
            <TH>Reward</TH>
            <TH className="text-right">Actions</TH>
          </TR>
        </THead>
        <TBody>
          {rows.map((row) => {
            const reward = row.reward;
            const canReview = reward !== null && REVIEWABLE.has(reward.status);
            const reversalDue = reward !== null && reward.status === "AVAILABLE" && reward.reversalDueMinor > 0n;
            return (
              <TR key={row.purchaseId}>
                <TD>
                  {canReview ? (
                    <input
                      type="checkbox"
                      aria-label={`Select order ${row.orderId}`}
                      className="size-4 accent-brand"
                      checked={picked.has(reward.id)}
                      onChange={(e) => toggle(reward.id, e.target.checked)}
                    />
                  ) : null}
                </TD>
                <TD className="whitespace-nowrap text-muted-foreground">
                  <time dateTime={row.dateTime}>{row.dateLabel}</time>
                </TD>
                <TD>
                  <span className="block max-w-48 truncate font-mono text-xs" title={row.reference ?? undefined}>
                    {row.reference ?? <span className="font-sans text-muted-foreground">No receipt number</span>}
                  </span>
                  <span className="text-xs text-muted-foreground">{SOURCE_LABELS[row.source]}</span>
                </TD>
                <TD>
                  <CustomerCell customer={row.customer} receiptId={row.source === "RECEIPT" ? row.orderId : null} />
                </TD>
                <TD numeric>
                  <Money amountMinor={row.amountMinor} currency={row.currency} />
                  {row.refundedMinor > 0n ? (
                    <span className="block text-xs text-danger">
                      refunded <Money amountMinor={row.refundedMinor} currency={row.currency} />
                    </span>
                  ) : null}
                </TD>
                <TD className="min-w-56">
                  {reward ? (
                    <div className="space-y-1">
                      <div className="flex flex-wrap items-center gap-2">
                        <StatusBadge status={reward.status} />
                        <Money amountMinor={reward.amountMinor} currency={row.currency} className="text-sm font-medium" />
                      </div>
                      <p className="max-w-xs text-xs text-muted-foreground">{reward.explanation}</p>
                      {reversalDue ? (
                        <p className="text-xs font-medium text-danger">
                          Refunded after the hold period: <Money amountMinor={reward.reversalDueMinor} currency={row.currency} /> due for reversal
                        </p>
                      ) : null}
                      {reward.unrecoveredMinor && reward.unrecoveredMinor > 0n ? (
                        <p className="text-xs font-medium text-danger">
                          Not recovered yet: <Money amountMinor={reward.unrecoveredMinor} currency={row.currency} /> (taken from the customer&apos;s next cashback)
                        </p>
                      ) : null}
                    </div>
                  ) : (
                    <span className="text-sm text-muted-foreground">Waiting for the customer to join</span>
                  )}
                </TD>
                <TD className="text-right">
                  <div className="flex justify-end gap-2">
                    {canReview ? (
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() =>
                          setReview({ rewardId: reward.id, orderId: row.orderId, held: reward.status === "HELD", amountMinor: reward.amountMinor, currency: row.currency, explanation: reward.explanation })
                        }
                      >
                        Review
                      </Button>
                    ) : reversalDue ? (
                      <Button size="sm" variant="outline" className="text-danger" onClick={() => setReverse({ rewardId: reward.id, orderId: row.orderId, dueMinor: reward.reversalDueMinor, currency: row.currency })}>
                        Reverse
                      </Button>
                    ) : null}
                    {row.refundedMinor < row.amountMinor ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Refund order ${row.orderId}`}
                        onClick={() => setRefund({ purchaseId: row.purchaseId, orderId: row.orderId, amountMinor: row.amountMinor, refundedMinor: row.refundedMinor, currency: row.currency })}
                      >
                        Refund
                      </Button>
                    ) : null}
                  </div>
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>

      {refund ? <RefundDialog key={refund.purchaseId} providerId={providerId} target={refund} refund={actions.refund} onClose={() => setRefund(null)} /> : null}
      {review ? <ReviewDialog key={review.rewardId} providerId={providerId} target={review} review={actions.review} onClose={() => setReview(null)} /> : null}

      <ConfirmDialog
        open={bulk !== null}
        onOpenChange={(open) => {
          if (!open) setBulk(null);
        }}
        title={bulk === "reject" ? `Reject ${selected.length} ${selected.length === 1 ? "reward" : "rewards"}?` : `Approve ${selected.length} ${selected.length === 1 ? "reward" : "rewards"}?`}
        description={
          bulk === "reject"
            ? "The members get no cashback for these orders. The reason is kept in each reward's history."
            : "Each reward is credited as computed and counts down its hold period. Rewards without an amount are left for you to review one by one."
        }
        confirmLabel={bulk === "reject" ? "Reject" : "Approve"}
        destructive={bulk === "reject"}
        onConfirm={() => runBulk(bulk ?? "approve")}
      >
        <Field label={bulk === "reject" ? "Reason" : "Note (optional)"} required={bulk === "reject"}>
          <Textarea rows={3} maxLength={500} value={bulkReason} onChange={(e) => setBulkReason(e.target.value)} />
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={reverse !== null}
        onOpenChange={(open) => {
          if (!open) setReverse(null);
        }}
        title={reverse ? `Reverse the reward on order ${reverse.orderId}?` : "Reverse the reward?"}
        confirmLabel="Reverse"
        destructive
        onConfirm={() => (reverse ? runReverse(reverse) : Promise.resolve())}
      >
        {reverse ? (
          <div className="space-y-2 text-sm">
            <p>
              The order was refunded after the hold period, so <Money amountMinor={reverse.dueMinor} currency={reverse.currency} className="font-semibold" /> of its cashback is due back.
            </p>
            <p className="text-muted-foreground">
              At most the member&apos;s available balance is taken: it can go down to zero, never below. Whatever they have already spent is recorded as not recovered.
            </p>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
