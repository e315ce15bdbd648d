import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, PurchaseSource, RewardStatus } from "@/lib/db/generated/enums";
import type { PurchaseWhereInput } from "@/lib/db/generated/models";

/**
 * Reward statuses, plus purchases still waiting for their customer to join and rewards refunded after the hold
 * period with an amount not recovered yet (due, or outstanding: docs/money-rules.md).
 */
export const ORDER_FILTERS = ["PENDING_REVIEW", "HELD", "PENDING", "AVAILABLE", "REJECTED", "REVERSED", "EXPIRED", "WAITING", "REVERSAL_DUE"] as const;
export type OrderFilter = (typeof ORDER_FILTERS)[number];

export const PURCHASE_SOURCES = ["WEBHOOK", "REGISTER", "LINKED_ACCOUNT", "RECEIPT"] as const satisfies readonly PurchaseSource[];

export type ListOrdersOptions = {
  programId?: string;
  status?: OrderFilter;
  source?: PurchaseSource;
  /** An order id or a customer e-mail, or part of one. */
  q?: string;
  cursor?: string;
  limit?: number;
};

export type OrderRow = {
  purchaseId: string;
  programId: string;
  orderId: string;
  source: PurchaseSource;
  occurredAt: Date;
  createdAt: Date;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: Currency;
  /** What a person calls the order: the shop's order id, or a receipt's own number (null when it has none). */
  reference: string | null;
  customer: { name: string | null; email: string | null; memberCode: string | null; isMember: boolean };
  reward: { id: string; status: RewardStatus; amountMinor: bigint; computedMinor: bigint; explanation: string; reversalDueMinor: bigint; unrecoveredMinor: bigint } | null;
};

export type OrderCounts = Record<OrderFilter | "ALL", number>;

export type OrdersPage = { rows: OrderRow[]; nextCursor: string | null; counts: OrderCounts };

/** Opaque keyset cursor: the last row's creation time and id. */
export function encodeOrderCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Null for anything that is not a cursor this module made: a tampered cursor starts from the top instead of failing. */
export function decodeOrderCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!iso || !id || rest.length > 0 || !UUID.test(id)) return null;
  const createdAt = new Date(iso);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

function statusWhere(status: OrderFilter): PurchaseWhereInput {
  if (status === "WAITING") return { reward: { is: null } };
  if (status === "REVERSAL_DUE") return { reward: { is: { OR: [{ status: "AVAILABLE", reversalDueMinor: { gt: 0n } }, { unrecoveredMinor: { gt: 0n } }] } } };
  return { reward: { is: { status } } };
}

/**
 * The purchases of a provider's programs, newest first, with their reward and customer, and how many there are
 * per status (for the filter tabs; the counts follow every filter but the status). Scoped to `providerId`:
 * a program id of another provider matches nothing.
 */
export async function listOrders(providerId: string, opts: ListOrdersOptions = {}): Promise<OrdersPage> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const q = opts.q?.trim();
  const base: PurchaseWhereInput = {
    program: { providerId },
    ...(opts.programId ? { programId: opts.programId } : {}),
    ...(opts.source ? { source: opts.source } : {}),
    ...(q
      ? {
          OR: [
            { orderId: { contains: q, mode: "insensitive" } },
            { customerEmail: { contains: q, mode: "insensitive" } },
            { member: { is: { user: { email: { contains: q, mode: "insensitive" } } } } },
          ],
        }
      : {}),
  };
  const after = opts.cursor ? decodeOrderCursor(opts.cursor) : null;
  const where: PurchaseWhereInput = {
    AND: [
      base,
      opts.status ? statusWhere(opts.status) : {},
      after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
    ],
  };

  const [purchases, counts] = await Promise.all([
    db.purchase.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: {
        id: true,
        programId: true,
        orderId: true,
        source: true,
        occurredAt: true,
        createdAt: true,
        amountMinor: true,
        refundedMinor: true,
        currency: true,
        customerEmail: true,
        customerMemberCode: true,
        member: { select: { code: true, user: { select: { name: true, email: true } } } },
        reward: { select: { id: true, status: true, amountMinor: true, computedMinor: true, explanation: true, reversalDueMinor: true, unrecoveredMinor: true } },
      },
    }),
    countOrders(base),
  ]);

  const page = purchases.slice(0, limit);
  const last = page.at(-1);
  // A receipt's purchase carries the receipt's id as its order id; the number printed on it is what people read.
  const receiptIds = page.filter((p) => p.source === "RECEIPT").map((p) => p.orderId);
  const receiptNumbers = new Map(
    receiptIds.length ? (await db.receipt.findMany({ where: { id: { in: receiptIds } }, select: { id: true, receiptNumber: true } })).map((r) => [r.id, r.receiptNumber]) : [],
  );
  return {
    rows: page.map((p) => ({
      purchaseId: p.id,
      programId: p.programId,
      orderId: p.orderId,
      source: p.source,
      occurredAt: p.occurredAt,
      createdAt: p.createdAt,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      currency: p.currency,
      reference: p.source === "RECEIPT" ? (receiptNumbers.get(p.orderId) ?? null) : p.orderId,
      customer: p.member
        ? { name: p.member.user.name, email: p.member.user.email, memberCode: p.member.code, isMember: true }
        : { name: null, email: p.customerEmail, memberCode: p.customerMemberCode, isMember: false },
      reward: p.reward,
    })),
    nextCursor: purchases.length > limit && last ? encodeOrderCursor(last) : null,
    counts,
  };
}

async function countOrders(base: PurchaseWhereInput): Promise<OrderCounts> {
  const [all, waiting, reversalDue, byStatus] = await Promise.all([
    db.purchase.count({ where: base }),
    db.purchase.count({ where: { AND: [base, statusWhere("WAITING")] } }),
    db.purchase.count({ where: { AND: [base, statusWhere("REVERSAL_DUE")] } }),
    db.reward.groupBy({ by: ["status"], where: { purchase: { is: base } }, _count: { _all: true } }),
  ]);
  const counts: OrderCounts = { ALL: all, PENDING_REVIEW: 0, HELD: 0, PENDING: 0, AVAILABLE: 0, REJECTED: 0, REVERSED: 0, EXPIRED: 0, WAITING: waiting, REVERSAL_DUE: reversalDue };
  for (const row of byStatus) counts[row.status] = row._count._all;
  return counts;
}
