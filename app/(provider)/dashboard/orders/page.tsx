import type { Metadata } from "next";
import Link from "next/link";
import { Inbox, SearchX } from "lucide-react";
import { z } from "zod";
import { EmptyState, PageHeader, buttonVariants } from "@/components/ui";
import { OrderFilters, type FilterTab } from "@/components/provider/orders/order-filters";
import { OrdersTable } from "@/components/provider/orders/orders-table";
import { SOURCES, sourceParam, type OrderRowView, type OrderSource } from "@/components/provider/orders/types";
import { requireStaff } from "@/lib/providers/require-staff";
import { listOrders, type OrderCounts, type OrderFilter } from "@/lib/rewards/list-orders";
import { bulkReviewAction, refundPurchaseAction, reverseRewardAction, reviewOrderAction } from "./actions";

export const metadata: Metadata = { title: "Orders" };

const PATH = "/dashboard/orders";

/** Status filters as they appear in the address, in tab order. */
const STATUS_TABS = [
  ["pending-review", "PENDING_REVIEW", "Pending review"],
  ["held", "HELD", "Held"],
  ["reversal-due", "REVERSAL_DUE", "Reversal due"],
  ["pending", "PENDING", "Pending"],
  ["available", "AVAILABLE", "Available"],
  ["rejected", "REJECTED", "Rejected"],
  ["reversed", "REVERSED", "Reversed"],
  ["waiting", "WAITING", "Waiting for customer"],
] as const satisfies readonly (readonly [string, OrderFilter, string])[];

const STATUS_PARAMS = new Map<string, OrderFilter>(STATUS_TABS.map(([param, filter]) => [param, filter]));
const SOURCE_PARAMS = new Map<string, OrderSource>(SOURCES.map((s) => [sourceParam(s), s]));

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
// Every field falls back on its own: a hand-edited address shows the default view, never an error page.
const searchSchema = z.object({
  status: z.preprocess(first, z.string().refine((v) => STATUS_PARAMS.has(v)).optional()).catch(undefined),
  source: z.preprocess(first, z.string().refine((v) => SOURCE_PARAMS.has(v)).optional()).catch(undefined),
  q: z.preprocess(first, z.string().trim().max(200).optional()).catch(undefined),
  cursor: z.preprocess(first, z.string().max(200).optional()).catch(undefined),
});

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
// A receipt says the day of the purchase, not its time.
const dayFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function tabsFrom(counts: OrderCounts): FilterTab[] {
  return [{ value: null, label: "All", count: counts.ALL }, ...STATUS_TABS.map(([param, filter, label]) => ({ value: param, label, count: counts[filter] }))];
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { provider } = await requireStaff(["OWNER", "MANAGER"], PATH);
  const parsed = searchSchema.safeParse(await searchParams);
  const params = parsed.success ? parsed.data : {};
  const status = params.status ?? null;
  const source = params.source ?? null;
  const q = params.q ?? "";

  const page = await listOrders(provider.id, {
    status: status ? STATUS_PARAMS.get(status) : undefined,
    source: source ? SOURCE_PARAMS.get(source) : undefined,
    q: q || undefined,
    cursor: params.cursor,
    limit: 25,
  });

  const rows: OrderRowView[] = page.rows.map((r) => ({
    purchaseId: r.purchaseId,
    orderId: r.orderId,
    reference: r.reference,
    source: r.source,
    dateLabel: (r.source === "RECEIPT" ? dayFormat : dateFormat).format(r.occurredAt),
    dateTime: r.occurredAt.toISOString(),
    amountMinor: r.amountMinor,
    refundedMinor: r.refundedMinor,
    currency: r.currency,
    customer: r.customer,
    reward: r.reward,
  }));

  const link = (extra: Record<string, string>) => {
    const query = new URLSearchParams({ ...(status ? { status } : {}), ...(source ? { source } : {}), ...(q ? { q } : {}), ...extra }).toString();
    return query ? `${PATH}?${query}` : PATH;
  };
  const filtered = Boolean(status || source || q);
  const queued = page.counts.PENDING_REVIEW + page.counts.HELD;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Orders"
        description={
          queued > 0
            ? `${queued} ${queued === 1 ? "reward is" : "rewards are"} waiting for your review. Dates are in UTC.`
            : "Every purchase from your shop, cash register, linked accounts and receipts, with its reward. Dates are in UTC."
        }
      />
      {page.counts.ALL === 0 && !source && !q ? (
        <EmptyState
          icon={<Inbox />}
          title="No orders yet"
          description="Orders appear here as soon as your shop sends them, a cashier registers a sale or a member uploads a receipt."
          action={
            <Link href="/dashboard/integrations" className={buttonVariants({ variant: "outline" })}>
              Connect your shop
            </Link>
          }
        />
      ) : (
        <>
          <OrderFilters basePath={PATH} tabs={tabsFrom(page.counts)} status={status} source={source} q={q} />
          {rows.length === 0 ? (
            <EmptyState
              icon={<SearchX />}
              title="No orders match"
              description={params.cursor ? "There are no more orders on this view." : "Try another status, source or search."}
              action={
                filtered ? (
                  <Link href={PATH} className={buttonVariants({ variant: "outline" })}>
                    Show all orders
                  </Link>
                ) : undefined
              }
            />
          ) : (
            <OrdersTable key={`${status}|${source}|${q}|${params.cursor ?? ""}`} providerId={provider.id} rows={rows} actions={{ review: reviewOrderAction, bulkReview: bulkReviewAction, reverse: reverseRewardAction, refund: refundPurchaseAction }} />
          )}
          {params.cursor || page.nextCursor ? (
            <nav aria-label="Pages" className="flex items-center justify-between gap-3">
              {params.cursor ? (
                <Link href={link({})} className={buttonVariants({ variant: "ghost", size: "sm" })}>
                  Back to the newest
                </Link>
              ) : (
                <span />
              )}
              {page.nextCursor ? (
                <Link href={link({ cursor: page.nextCursor })} className={buttonVariants({ variant: "outline", size: "sm" })}>
                  Older orders
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
