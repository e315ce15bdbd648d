import { z } from "zod";
import type { NotificationKind } from "@/lib/db/generated/enums";
import { isCurrency } from "@/lib/money/currency";
import { describeOrder } from "@/lib/members/history-view";
import { formatMoney } from "@/lib/money/format";

export type RenderedNotification = { title: string; body: string; href: string | null };

// `data` is JSON written by a database trigger or a job: read it defensively, never trust its shape.
const dataSchema = z
  .object({
    rewardId: z.string().nullish(),
    receiptId: z.string().nullish(),
    amountMinor: z.string().regex(/^-?\d+$/).nullish(),
    currency: z.string().nullish(),
    programName: z.string().nullish(),
    availableAt: z.string().nullish(),
    expiresAt: z.string().nullish(),
    purchasedOn: z.string().nullish(),
    reason: z.string().nullish(),
    status: z.string().nullish(),
    orderId: z.string().nullish(),
    redemptionId: z.string().nullish(),
  })
  .catch({});

function day(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** Title, body and link of a notification, from its kind and data (amounts formatted, never floats). */
export function renderNotification(kind: NotificationKind, rawData: unknown): RenderedNotification {
  const d = dataSchema.parse(rawData ?? {});
  const currency = isCurrency(d.currency) ? d.currency : null;
  const amount = currency && d.amountMinor ? formatMoney(BigInt(d.amountMinor), currency) : null;
  const cashback = amount ?? "Cashback";
  const program = d.programName ?? "a program";
  const reason = d.reason?.trim() ? d.reason.trim() : null;
  const rewardHref = d.rewardId ? `/wallet/history/${d.rewardId}` : null;

  switch (kind) {
    case "EARNED": {
      const until = day(d.availableAt);
      return {
        title: `You earned ${cashback} at ${program}`,
        body: until && d.availableAt && new Date(d.availableAt) > new Date() ? `It is pending until ${until}, then you can use it.` : "It is in your wallet.",
        href: rewardHref,
      };
    }
    case "AVAILABLE":
      return { title: `${cashback} is now available at ${program}`, body: "You can spend it or withdraw it.", href: rewardHref };
    case "EXPIRING": {
      const when = day(d.expiresAt);
      return { title: `${cashback} at ${program} expires${when ? ` on ${when}` : " soon"}`, body: "Spend or withdraw it before then.", href: "/wallet" };
    }
    case "REVERSED":
      return { title: `${cashback} was taken back at ${program}`, body: reason ?? "The purchase was refunded or corrected.", href: rewardHref };
    case "REJECTED":
      return { title: `Your cashback at ${program} was not approved`, body: reason ?? "The business did not approve this purchase.", href: rewardHref };
    case "RECEIPT": {
      const on = day(d.purchasedOn);
      return {
        title: `Receipt received by ${program}`,
        body: `Your ${amount ? `${amount} ` : ""}receipt${on ? ` from ${on}` : ""} is waiting for review.`,
        href: rewardHref ?? "/wallet/receipts",
      };
    }
    case "WITHDRAWAL": {
      const of = amount ? ` of ${amount}` : "";
      const text: Record<string, { title: string; body: string }> = {
        AWAITING_APPROVAL: { title: `Withdrawal${of} confirmed`, body: "Larger withdrawals are checked by our team first, usually within a working day." },
        AWAITING_PAYOUT_SETUP: {
          title: `Withdrawal${of} confirmed: finish your payout set-up`,
          body: "Stripe pays out our members. Set up your payout account with Stripe (identity and bank details, once) and we send it at once.",
        },
        AWAITING_FUNDING: {
          title: `Withdrawal${of} waiting for the business's funds`,
          body: "This business pays out only cashback it has funded, and its prepaid balance is short right now. We send it as soon as it tops up; you can cancel it meanwhile.",
        },
        PROCESSING: { title: `Withdrawal${of} on its way`, body: "We are sending it to your bank account." },
        PAID: { title: `Withdrawal${of} paid`, body: "The money has been sent to your bank account." },
        FAILED: { title: `Withdrawal${of} failed`, body: `${reason ?? "The payout failed"}. The amount is back in your available cashback.` },
        CANCELED: { title: `Withdrawal${of} cancelled`, body: `${reason ? `${reason[0]?.toUpperCase()}${reason.slice(1)}` : "Cancelled"}. The amount is back in your available cashback.` },
      };
      const t = text[d.status ?? ""] ?? { title: `Withdrawal${of} updated`, body: "See your withdrawals for details." };
      return { ...t, href: "/wallet/withdraw" };
    }
    case "SPENT": {
      // A payment at the till has an order id of our own ("register:…"): say where instead.
      const order = d.orderId ? ` · ${describeOrder(d.orderId)}` : "";
      if (d.status === "REFUNDED") return { title: `${cashback} refunded to your cashback at ${program}`, body: `A payment with cashback was refunded${order}.`, href: "/wallet/history" };
      return { title: `${cashback} used at ${program}`, body: `You paid with cashback${order}.`, href: "/wallet/history" };
    }
  }
}
