import "server-only";
import { z } from "zod";
import { auditDiff, recordAudit } from "@/lib/audit/record-audit";
import { inTransaction, type DbOrTx } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { requireChargesEnabled } from "@/lib/providers/stripe-connect";
import type { Currency } from "@/lib/money/currency";
import { parseAmountInput } from "@/lib/money/parse-amount";
import type { Actor } from "@/lib/rewards/actor";
import { describeZodError } from "@/lib/validation";
import { requireProviderProgram } from "./get-integration";
import { setProcessingMode } from "./set-processing-mode";

/** The settings the form edits (and the audit log compares before → after). */
const SETTINGS_SELECT = {
  processingMode: true,
  holdDays: true,
  reviewThresholdMinor: true,
  cashierDailyCapMinor: true,
  cashierDailySpendCapMinor: true,
  voucherValidityDays: true,
  velocityLimitPerDay: true,
  membershipPriceMinor: true,
  membershipInterval: true,
  expiryMonths: true,
} as const;

/** The settings form's current values. */
export async function getProgramSettings(db: DbOrTx, providerId: string, programId: string) {
  await requireProviderProgram(db, providerId, programId);
  const [program, queued] = await Promise.all([
    db.program.findUniqueOrThrow({
      where: { id: programId },
      select: {
        id: true,
        name: true,
        slug: true,
        currency: true,
        published: true,
        publishedAt: true,
        ...SETTINGS_SELECT,
      },
    }),
    db.reward.count({ where: { programId, status: "PENDING_REVIEW" } }),
  ]);
  return { ...program, reviewQueue: queued };
}

export type ProgramSettingsView = Awaited<ReturnType<typeof getProgramSettings>>;

/** An optional amount as typed: empty means "no limit"; forms send strings, code may send bigints. */
function optionalAmount(currency: Currency) {
  return z.union([z.bigint(), z.string(), z.null()]).optional().transform((value, ctx): bigint | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === "bigint") {
      if (value < 0n) ctx.addIssue({ code: "custom", message: "Must not be negative" });
      return value;
    }
    if (value.trim() === "") return null;
    const parsed = parseAmountInput(value, currency);
    if (parsed === null) {
      ctx.addIssue({ code: "custom", message: currency === "PTS" ? "Enter a whole number of points, or leave it empty" : "Enter an amount like 25.00, or leave it empty" });
      return null;
    }
    return parsed;
  });
}

/** An optional whole number as typed; empty means "none". */
function optionalInt(min: number, max: number, message: string) {
  return z.union([z.number(), z.string(), z.null()]).optional().transform((value, ctx): number | null => {
    if (value === null || value === undefined) return null;
    const text = String(value).trim();
    if (text === "") return null;
    const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: "custom", message });
      return null;
    }
    return n;
  });
}

const boolish = z.union([z.boolean(), z.literal("true"), z.literal("false"), z.literal("on")]).optional().transform((v) => v === true || v === "true" || v === "on");

export function programSettingsSchema(currency: Currency) {
  return z.object({
    processingMode: z.enum(["AUTOMATIC", "MANUAL"], { error: "Choose automatic or manual" }),
    processQueue: boolish,
    holdDays: z.union([z.number(), z.string()]).transform((value, ctx) => {
      const text = String(value).trim();
      const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 30) {
        ctx.addIssue({ code: "custom", message: "Enter a whole number of days from 0 to 30" });
        return 0;
      }
      return n;
    }),
    reviewThreshold: optionalAmount(currency),
    cashierDailyCap: optionalAmount(currency).refine((v) => v === null || v > 0n, "Enter an amount above zero, or leave it empty"),
    velocityLimitPerDay: optionalInt(1, 10_000, "Enter a whole number from 1 to 10000, or leave it empty"),
    // Left out: keep what is stored. Empty: no limit on what one cashier may let members spend per day.
    cashierDailySpendCap: optionalAmount(currency).refine((v) => v === null || v > 0n, "Enter an amount above zero, or leave it empty").optional(),
    // Left out: keep what is stored. A voucher always expires, so this one has no "empty".
    voucherValidityDays: z
      .union([z.number(), z.string()])
      .transform((value, ctx) => {
        const text = String(value).trim();
        const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
        if (!Number.isInteger(n) || n < 1 || n > 90) {
          ctx.addIssue({ code: "custom", message: "Enter a whole number of days from 1 to 90" });
          return 7;
        }
        return n;
      })
      .optional(),
    // Left out: keep what is stored (older clients and the CLI do not send these). Empty: free / never.
    membershipPrice: optionalAmount(currency)
      .refine((v) => v === null || v > 0n, "Enter a price above zero, or choose free")
      .refine((v) => v === null || currency !== "PTS", "A points program cannot charge a membership; choose free")
      .optional(),
    membershipInterval: z
      .union([z.enum(["MONTH", "YEAR"], { error: "Choose per month or per year" }), z.literal(""), z.null()])
      .optional()
      .transform((v) => (v === "" ? null : v)),
    expiryMonths: optionalInt(1, 120, "Enter a whole number of months from 1 to 120, or leave it empty for never").optional(),
  }).superRefine((v, ctx) => {
    // The database CHECK wants both or neither; say which one is missing instead of failing there.
    const price = v.membershipPrice ?? null;
    const interval = v.membershipInterval ?? null;
    if (v.membershipPrice === undefined && v.membershipInterval === undefined) return;
    if (price !== null && interval === null) ctx.addIssue({ code: "custom", path: ["membershipInterval"], message: "Choose per month or per year for a paid membership" });
    if (price === null && interval !== null) ctx.addIssue({ code: "custom", path: ["membershipPrice"], message: "Enter the membership price, or choose free" });
  });
}

export type ProgramSettingsInput = z.input<ReturnType<typeof programSettingsSchema>>;

export type SettingsChange = {
  field:
    | "processingMode"
    | "holdDays"
    | "reviewThreshold"
    | "cashierDailyCap"
    | "cashierDailySpendCap"
    | "voucherValidityDays"
    | "velocityLimitPerDay" | "membershipPrice" | "membershipInterval" | "expiryMonths";
  from: string | null;
  to: string | null;
};

/**
 * Validates and saves a program's processing settings in one transaction. The mode goes through
 * setProcessingMode, so switching to automatic with a review queue is refused (CONFLICT on `processQueue`)
 * unless the caller asks to approve the queue first; a refusal leaves every setting unchanged.
 */
export async function updateProgramSettings(db: DbOrTx, providerId: string, programId: string, input: unknown, actor: Actor) {
  const { currency } = await requireProviderProgram(db, providerId, programId);
  const parsed = programSettingsSchema(currency).safeParse(input);
  if (!parsed.success) {
    const { message, field } = describeZodError(parsed.error);
    throw new DomainError("VALIDATION", message, { field });
  }
  const next = parsed.data;

  return inTransaction(
    db,
    async (tx) => {
      const before = await tx.program.findUniqueOrThrow({
        where: { id: programId },
        select: SETTINGS_SELECT,
      });
      const membershipGiven = next.membershipPrice !== undefined || next.membershipInterval !== undefined;
      const after = {
        processingMode: next.processingMode,
        holdDays: next.holdDays,
        reviewThresholdMinor: next.reviewThreshold,
        cashierDailyCapMinor: next.cashierDailyCap,
        cashierDailySpendCapMinor: next.cashierDailySpendCap === undefined ? before.cashierDailySpendCapMinor : next.cashierDailySpendCap,
        voucherValidityDays: next.voucherValidityDays ?? before.voucherValidityDays,
        velocityLimitPerDay: next.velocityLimitPerDay,
        membershipPriceMinor: membershipGiven ? (next.membershipPrice ?? null) : before.membershipPriceMinor,
        membershipInterval: membershipGiven ? (next.membershipInterval ?? null) : before.membershipInterval,
        expiryMonths: next.expiryMonths === undefined ? before.expiryMonths : next.expiryMonths,
      };
      // Making the program paid (or changing its price) needs a connected account that can accept charges:
      // the fees are charged to it. A price set before Connect existed stays saveable unchanged.
      const membershipChanged = after.membershipPriceMinor !== before.membershipPriceMinor || after.membershipInterval !== before.membershipInterval;
      if (after.membershipPriceMinor !== null && membershipChanged) {
        await requireChargesEnabled(tx, providerId, "Connect your Stripe account and finish its onboarding before charging a membership fee: the fees are paid into it.", "membershipPrice");
      }
      let approved = 0;
      if (next.processingMode !== before.processingMode) {
        ({ approved } = await setProcessingMode(tx, { programId, mode: next.processingMode, processQueue: next.processQueue, actor }));
      }
      await tx.program.update({
        where: { id: programId },
        data: {
          holdDays: after.holdDays,
          reviewThresholdMinor: after.reviewThresholdMinor,
          cashierDailyCapMinor: after.cashierDailyCapMinor,
          cashierDailySpendCapMinor: after.cashierDailySpendCapMinor,
          voucherValidityDays: after.voucherValidityDays,
          velocityLimitPerDay: after.velocityLimitPerDay,
          membershipPriceMinor: after.membershipPriceMinor,
          membershipInterval: after.membershipInterval,
          expiryMonths: after.expiryMonths,
        },
      });
      const diff = auditDiff(before, after);
      if (diff) {
        await recordAudit(tx, {
          actor,
          action: "program.settings.update",
          providerId,
          programId,
          target: { type: "program", id: programId },
          before: diff.before,
          after: diff.after,
          reason: approved > 0 ? `approved ${approved} queued purchase${approved === 1 ? "" : "s"} on switching to automatic` : null,
        });
      }

      const str = (v: bigint | number | string | null) => (v === null ? null : String(v));
      const pairs: SettingsChange[] = [
        { field: "processingMode", from: before.processingMode, to: next.processingMode },
        { field: "holdDays", from: str(before.holdDays), to: str(next.holdDays) },
        { field: "reviewThreshold", from: str(before.reviewThresholdMinor), to: str(next.reviewThreshold) },
        { field: "cashierDailyCap", from: str(before.cashierDailyCapMinor), to: str(next.cashierDailyCap) },
        { field: "cashierDailySpendCap", from: str(before.cashierDailySpendCapMinor), to: str(after.cashierDailySpendCapMinor) },
        { field: "voucherValidityDays", from: str(before.voucherValidityDays), to: str(after.voucherValidityDays) },
        { field: "velocityLimitPerDay", from: str(before.velocityLimitPerDay), to: str(next.velocityLimitPerDay) },
        { field: "membershipPrice", from: str(before.membershipPriceMinor), to: str(after.membershipPriceMinor) },
        { field: "membershipInterval", from: before.membershipInterval, to: after.membershipInterval },
        { field: "expiryMonths", from: str(before.expiryMonths), to: str(after.expiryMonths) },
      ];
      return { changes: pairs.filter((c) => c.from !== c.to), approved };
    },
    { timeout: 120_000 },
  );
}
