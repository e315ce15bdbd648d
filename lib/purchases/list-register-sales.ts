import type { DbOrTx } from "@/lib/db/client";
import type { Currency, RewardStatus } from "@/lib/db/generated/enums";
import { VOID_WINDOW_MS } from "./void-sale";

export type RegisterSale = {
  purchaseId: string;
  /** The receipt reference typed at the till, or null when the register made one up. */
  receiptRef: string | null;
  amountMinor: bigint;
  refundedMinor: bigint;
  currency: Currency;
  createdAt: Date;
  /** Until when its cashier may still void it; null once voided or refunded. */
  voidableUntil: Date | null;
  memberFirstName: string;
  memberCode: string | null;
  reward: { status: RewardStatus; amountMinor: bigint } | null;
};

const DAY = 24 * 60 * 60 * 1000;

/** The last sales of this cashier's shift: their register sales of the UTC day of `now` at the provider, newest first. */
export async function listRegisterSales(db: DbOrTx, input: { providerId: string; cashierUserId: string; now?: Date; limit?: number }): Promise<RegisterSale[]> {
  const now = input.now ?? new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const rows = await db.purchase.findMany({
    where: { source: "REGISTER", cashierUserId: input.cashierUserId, program: { providerId: input.providerId }, createdAt: { gte: start, lt: new Date(start.getTime() + DAY) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit ?? 10,
    select: {
      id: true,
      origin: true,
      amountMinor: true,
      refundedMinor: true,
      currency: true,
      createdAt: true,
      customerMemberCode: true,
      member: { select: { user: { select: { name: true } } } },
      reward: { select: { status: true, amountMinor: true } },
    },
  });
  return rows.map((p) => {
    const origin = p.origin && typeof p.origin === "object" && !Array.isArray(p.origin) ? p.origin : {};
    const typed = "receiptId" in origin && typeof origin.receiptId === "string" ? origin.receiptId : null;
    // The screen's own request ids ("reg-<uuid>") are not what a cashier typed.
    const receiptRef = typed && !typed.startsWith("reg-") ? typed : null;
    const until = new Date(p.createdAt.getTime() + VOID_WINDOW_MS);
    return {
      purchaseId: p.id,
      receiptRef,
      amountMinor: p.amountMinor,
      refundedMinor: p.refundedMinor,
      currency: p.currency,
      createdAt: p.createdAt,
      voidableUntil: p.refundedMinor === 0n && until > now ? until : null,
      memberFirstName: p.member?.user.name?.trim().split(/\s+/)[0] || "Member",
      memberCode: p.customerMemberCode,
      reward: p.reward,
    };
  });
}
