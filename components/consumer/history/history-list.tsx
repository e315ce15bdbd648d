"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { ChevronRight } from "lucide-react";
import { Alert, Badge, Button, Money, StatusBadge, type BadgeVariant } from "@/components/ui";
import type { ActionResult } from "@/lib/actions/result";
import { describeOrder, type HistoryLineJson, type HistoryPageJson, type SpendState, type VoucherState } from "@/lib/members/history-view";
import { formatDay } from "../wallet/format-date";
import { WithdrawalStatusBadge } from "../withdraw/withdrawal-status";
import { SOURCE_LABELS } from "./sources";

type Filter = { program?: string; status?: string };

/** The history lines, with "Load more" fetching the next keyset page through a server action. */
export function HistoryList({
  first,
  filter,
  loadMore,
}: {
  first: HistoryPageJson;
  filter: Filter;
  loadMore: (input: Filter & { cursor: string }) => Promise<ActionResult<HistoryPageJson>>;
}) {
  const [lines, setLines] = useState(first.lines);
  const [cursor, setCursor] = useState(first.nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const more = () =>
    startTransition(async () => {
      if (!cursor) return;
      const result = await loadMore({ ...filter, cursor });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      // A line already shown (same key) is not repeated, whatever happened between the two pages.
      setLines((prev) => {
        const seen = new Set(prev.map((l) => l.key));
        return [...prev, ...result.data.lines.filter((l) => !seen.has(l.key))];
      });
      setCursor(result.data.nextCursor);
    });

  return (
    <div className="space-y-4">
      <ul className="divide-y divide-border overflow-hidden rounded-xl border border-border bg-surface" data-testid="history-list">
        {lines.map((line) => (
          <li key={line.key}>
            <Line line={line} />
          </li>
        ))}
      </ul>
      {error ? <Alert variant="danger">{error}</Alert> : null}
      {cursor ? (
        <Button variant="outline" fullWidth loading={pending} onClick={more}>
          Load more
        </Button>
      ) : (
        <p className="text-center text-sm text-muted-foreground">That is everything.</p>
      )}
    </div>
  );
}

const SPEND_STATES: Record<SpendState, { label: string; variant: BadgeVariant }> = {
  reserved: { label: "Reserved", variant: "warning" },
  spent: { label: "Spent", variant: "success" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  expired: { label: "Expired", variant: "neutral" },
};

const VOUCHER_STATES: Record<VoucherState, { label: string; variant: BadgeVariant }> = {
  active: { label: "Ready to use", variant: "info" },
  cancelled: { label: "Cancelled", variant: "neutral" },
  expired: { label: "Expired", variant: "neutral" },
};

/** A spend or a voucher: one line with its state; one that did not go through shows its amount struck out. */
function SpendLine({ line }: { line: Extract<HistoryLineJson, { type: "spend" | "voucher" }> }) {
  const state = line.type === "spend" ? SPEND_STATES[line.state] : VOUCHER_STATES[line.state];
  const voided = line.state === "cancelled" || line.state === "expired";
  const title = line.type === "spend" ? `Spent at ${line.program.name}${line.source === "REGISTER" ? "" : ` · ${describeOrder(line.orderId) ?? ""}`}` : `Voucher ${line.code}`;
  const body = (
    <div className="flex items-start gap-3 px-4 py-3">
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate font-medium">{title}</span>
          <Badge variant={state.variant}>{state.label}</Badge>
        </div>
        <p className="text-sm text-muted-foreground">
          {formatDay(line.at)}
          {line.type === "spend" && line.source === "REGISTER" ? " · at the till" : null}
          {line.type === "voucher" ? ` · ${line.program.name}` : null}
          {line.type === "voucher" && line.state === "active" ? ` · until ${formatDay(line.expiresAt)}` : null}
        </p>
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <Money amountMinor={line.amountMinor} currency={line.currency} signDisplay="exceptZero" className={voided ? "text-muted-foreground line-through" : "font-semibold"} />
        {line.type === "voucher" && line.state === "active" ? <ChevronRight aria-hidden className="size-4 text-subtle-foreground" /> : null}
      </div>
    </div>
  );
  if (line.type === "voucher" && line.state === "active") {
    return (
      <Link href={`/wallet/vouchers/${line.id}`} className="block hover:bg-surface-muted focus-visible:bg-surface-muted" data-testid="history-spend">
        {body}
      </Link>
    );
  }
  return <div data-testid="history-spend">{body}</div>;
}

/** A withdrawal: one line from the request to the bank, with its state; one that did not go through is struck out. */
function WithdrawalLine({ line }: { line: Extract<HistoryLineJson, { type: "withdrawal" }> }) {
  const voided = line.status === "FAILED" || line.status === "CANCELED";
  return (
    <div className="flex items-start gap-3 px-4 py-3" data-testid="history-withdrawal">
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate font-medium">Withdrawal from {line.program.name}</span>
          <WithdrawalStatusBadge status={line.status} />
        </div>
        <p className="text-sm text-muted-foreground">
          {formatDay(line.at)}
          {line.to ? ` · linked account ${line.to}` : null}
        </p>
      </div>
      <Money amountMinor={line.amountMinor} currency={line.currency} signDisplay="exceptZero" className={voided ? "shrink-0 text-muted-foreground line-through" : "shrink-0 font-semibold"} />
    </div>
  );
}

function Line({ line }: { line: HistoryLineJson }) {
  if (line.type === "spend" || line.type === "voucher") return <SpendLine line={line} />;
  if (line.type === "withdrawal") return <WithdrawalLine line={line} />;
  const body = (
    <div className="flex items-start gap-3 px-4 py-3">
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="truncate font-medium">{line.program.name}</span>
          {line.type === "reward" ? <StatusBadge status={line.status} /> : <Badge>{line.label}</Badge>}
        </div>
        <p className="text-sm text-muted-foreground">
          {formatDay(line.at)}
          {line.type === "reward" ? (
            <>
              {" · "}
              {SOURCE_LABELS[line.purchase.source]} of <Money amountMinor={line.purchase.amountMinor} currency={line.currency} />
            </>
          ) : null}
        </p>
        {line.type === "reward" || line.explanation !== line.label ? <p className="line-clamp-2 text-sm">{line.explanation}</p> : null}
        {line.type === "reward" && line.status === "PENDING" && line.availableAt ? (
          <p className="text-xs text-muted-foreground">Available on {formatDay(line.availableAt)}</p>
        ) : null}
      </div>
      <div className="flex shrink-0 items-center gap-1">
        <Money
          amountMinor={line.amountMinor}
          currency={line.currency}
          signDisplay={line.type === "movement" ? "exceptZero" : "auto"}
          className={line.type === "reward" && (line.status === "REJECTED" || line.status === "REVERSED") ? "text-muted-foreground line-through" : "font-semibold"}
        />
        {line.type === "reward" ? <ChevronRight aria-hidden className="size-4 text-subtle-foreground" /> : null}
      </div>
    </div>
  );
  if (line.type !== "reward") return body;
  return (
    <Link href={`/wallet/history/${line.id}`} className="block hover:bg-surface-muted focus-visible:bg-surface-muted" data-testid="history-reward">
      {body}
    </Link>
  );
}
