import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Currency, RedemptionSource, RedemptionStatus } from "@/lib/db/generated/enums";

export const REDEMPTIONS_PAGE_SIZE = 25;
const MAX_LIMIT = 100;

export type RedemptionRow = {
  id: string;
  orderId: string;
  currency: Currency;
  amountRequested: bigint;
  amountHeld: bigint;
  amountCaptured: bigint;
  amountRefunded: bigint;
  status: RedemptionStatus;
  source: RedemptionSource;
  expiresAt: Date;
  createdAt: Date;
  member: { id: string; code: string; name: string | null; email: string };
};

export type RedemptionFilters = {
  status?: RedemptionStatus[];
  /** Created at or after this instant. */
  from?: Date;
  /** Created before this instant (exclusive: pass the start of the day after the last one wanted). */
  to?: Date;
  /** Exact order id, as the shop sent it. */
  orderId?: string;
};

export type RedemptionPage = { items: RedemptionRow[]; total: number; page: number; pageCount: number; limit: number };

/**
 * One page of a program's redemptions, newest first. The program must be the provider's: the query itself
 * carries both ids, so another tenant's program lists nothing.
 */
export async function listRedemptions(
  db: DbOrTx,
  input: { providerId: string; programId: string; filters?: RedemptionFilters; page?: number; limit?: number },
): Promise<RedemptionPage> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? REDEMPTIONS_PAGE_SIZE), 1), MAX_LIMIT);
  const f = input.filters ?? {};
  const orderId = f.orderId?.trim();
  const where: Prisma.RedemptionWhereInput = {
    programId: input.programId,
    program: { providerId: input.providerId },
    ...(f.status && f.status.length > 0 ? { status: { in: f.status } } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(orderId ? { orderId } : {}),
  };
  const total = await db.redemption.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / limit));
  const requested = Number.isFinite(input.page) ? Math.trunc(input.page ?? 1) : 1;
  const page = Math.min(Math.max(requested, 1), pageCount);
  const rows = await db.redemption.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * limit,
    take: limit,
    select: {
      id: true,
      orderId: true,
      currency: true,
      amountRequested: true,
      amountHeld: true,
      amountCaptured: true,
      amountRefunded: true,
      status: true,
      source: true,
      expiresAt: true,
      createdAt: true,
      member: { select: { id: true, code: true, user: { select: { name: true, email: true } } } },
    },
  });
  return {
    items: rows.map(({ member, ...r }) => ({ ...r, member: { id: member.id, code: member.code, name: member.user.name, email: member.user.email } })),
    total,
    page,
    pageCount,
    limit,
  };
}
