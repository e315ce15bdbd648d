import type { Tx } from "@/lib/db/client";
import type { Currency, ProcessingMode } from "@/lib/db/generated/enums";

export const PROGRAM_SETTINGS = {
  id: true,
  providerId: true,
  currency: true,
  processingMode: true,
  holdDays: true,
  ruleSet: true,
  ruleVersion: true,
  reviewThresholdMinor: true,
  cashierDailyCapMinor: true,
  velocityLimitPerDay: true,
} as const;

export type ProgramSettings = Awaited<ReturnType<typeof loadProgramSettings>>;

export function loadProgramSettings(tx: Tx, programId: string) {
  return tx.program.findUniqueOrThrow({ where: { id: programId }, select: PROGRAM_SETTINGS });
}

/** The settings columns of `programs` aliased as `alias`, for statements that read them beside other things. */
export function programSettingsColumns(alias: string): string {
  return `${alias}.id AS "s_id", ${alias}.provider_id AS "s_provider_id", ${alias}.currency::text AS "s_currency",
    ${alias}.processing_mode::text AS "s_processing_mode", ${alias}.hold_days AS "s_hold_days", ${alias}.rule_set AS "s_rule_set",
    ${alias}.rule_version AS "s_rule_version", ${alias}.review_threshold_minor::text AS "s_review_threshold_minor",
    ${alias}.cashier_daily_cap_minor::text AS "s_cashier_daily_cap_minor", ${alias}.velocity_limit_per_day AS "s_velocity_limit_per_day"`;
}

export type ProgramSettingsRow = {
  s_id: string | null;
  s_provider_id: string;
  s_currency: string;
  s_processing_mode: string;
  s_hold_days: number;
  s_rule_set: ProgramSettings["ruleSet"];
  s_rule_version: number;
  s_review_threshold_minor: string | null;
  s_cashier_daily_cap_minor: string | null;
  s_velocity_limit_per_day: number | null;
};

/** The settings read by programSettingsColumns, as loadProgramSettings returns them; null when no program matched. */
export function programSettingsOf(row: ProgramSettingsRow): ProgramSettings | null {
  if (!row.s_id) return null;
  const big = (v: string | null) => (v == null ? null : BigInt(v));
  return {
    id: row.s_id,
    providerId: row.s_provider_id,
    // The database's enum columns: these casts only restate what the column types guarantee.
    currency: row.s_currency as Currency,
    processingMode: row.s_processing_mode as ProcessingMode,
    holdDays: row.s_hold_days,
    ruleSet: row.s_rule_set,
    ruleVersion: row.s_rule_version,
    reviewThresholdMinor: big(row.s_review_threshold_minor),
    cashierDailyCapMinor: big(row.s_cashier_daily_cap_minor),
    velocityLimitPerDay: row.s_velocity_limit_per_day,
  };
}
