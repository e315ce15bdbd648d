import { z } from "zod";
import type { Currency, PurchaseSource, RewardStatus, WithdrawalStatus } from "@/lib/db/generated/enums";

/** History lines as JSON (for the "Load more" action); no server-only imports, so client components can use it. */
export type HistoryLineJson =
  | {
      type: "reward";
      key: string;
      id: string;
      at: string;
      status: RewardStatus;
      amountMinor: string;
      currency: Currency;
      explanation: string;
      availableAt: string | null;
      purchase: { source: PurchaseSource; amountMinor: string };
      program: { memberId: string; name: string; brandColor: string };
    }
  | {
      type: "movement";
      key: string;
      id: string;
      at: string;
      kind: string;
      /** What kind of movement, in words ("Adjustment", "Spent"). */
      label: string;
      amountMinor: string;
      currency: Currency;
      explanation: string;
      program: { memberId: string; name: string; brandColor: string };
    }
  | {
      type: "spend";
      key: string;
      /** The redemption's id ("rdm_…"). */
      id: string;
      at: string;
      state: SpendState;
      /** Minus what was spent (or reserved; for a cancelled or expired one, what had been reserved). */
      amountMinor: string;
      currency: Currency;
      orderId: string;
      source: "API" | "REGISTER";
      program: { memberId: string; name: string; brandColor: string };
    }
  | {
      type: "withdrawal";
      key: string;
      id: string;
      at: string;
      status: WithdrawalStatus;
      /** Minus the amount asked for, whatever became of it (a failed or cancelled one shows it struck out). */
      amountMinor: string;
      currency: Currency;
      /** The linked account the withdrawal was checked against: "First Platypus Bank ••0000" (Stripe pays the bank account of the member's payout set-up). */
      to: string;
      program: { memberId: string; name: string; brandColor: string };
    }
  | {
      type: "voucher";
      key: string;
      id: string;
      at: string;
      state: VoucherState;
      amountMinor: string;
      currency: Currency;
      code: string;
      expiresAt: string;
      program: { memberId: string; name: string; brandColor: string };
    };

/** One spend of cashback (a redemption), as one line whatever postings it took. */
export type SpendState = "reserved" | "spent" | "cancelled" | "expired";
export type VoucherState = "active" | "cancelled" | "expired";

export type HistoryPageJson = { lines: HistoryLineJson[]; nextCursor: string | null };

export const HISTORY_STATUSES = ["PENDING_REVIEW", "HELD", "PENDING", "AVAILABLE", "REJECTED", "REVERSED"] as const satisfies readonly RewardStatus[];

/**
 * "<ISO instant>~<r:uuid | m:transaction id | s:redemption id | v:uuid | w:uuid>": the last line shown, so the next
 * page starts right below it.
 */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~((?:[rvw]:[0-9a-f-]{36})|(?:m:\d{19})|(?:s:rdm_[A-Za-z0-9]{22}))$/;

export const historyCursorSchema = z
  .string()
  .regex(CURSOR, "Not a history cursor")
  .transform((s) => {
    const [, at, key] = CURSOR.exec(s) ?? [];
    return { at: new Date(at ?? ""), key: key ?? "" };
  })
  .refine((c) => !Number.isNaN(c.at.getTime()), "Not a history cursor");

export const historyFilterSchema = z.object({
  program: z.uuid("Unknown program").optional(),
  status: z.enum(HISTORY_STATUSES, "Unknown status").optional(),
  cursor: historyCursorSchema.optional(),
});

export type HistoryFilter = z.output<typeof historyFilterSchema>;

/**
 * The filter from a page's query string. A value that does not parse is dropped (and reported), so a
 * mistyped link shows the unfiltered history with a note rather than an error page.
 */
export function parseHistorySearch(params: { [key: string]: string | string[] | undefined }): { filter: HistoryFilter; invalid: string[] } {
  const filter: HistoryFilter = {};
  const invalid: string[] = [];
  for (const key of ["program", "status", "cursor"] as const) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === "") continue;
    const parsed = historyFilterSchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(filter, { [key]: parsed.data });
    else invalid.push(key);
  }
  return { filter, invalid };
}

/** An order as members read it: "order 1042", or "at the till" for a payment at the shop's register. */
export function describeOrder(orderId: string | null): string | null {
  if (!orderId) return null;
  return orderId.startsWith("register:") ? "at the till" : `order ${orderId}`;
}

export const cursorOf = (line: { at: string; key: string }) => `${line.at}~${line.key}`;
