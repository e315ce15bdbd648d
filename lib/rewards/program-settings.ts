import type { Tx } from "@/lib/db/client";

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
