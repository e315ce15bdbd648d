/** How far back a receipt may date: older purchases are past most return windows and hard to check. */
export const RECEIPT_MAX_AGE_DAYS = 90;

const DAY = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2026-11-03" as midnight UTC, or null when it is not a real calendar date. */
export function parseIsoDate(text: string): Date | null {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text.trim() ? date : null;
}

/**
 * Why a purchase date is not acceptable, or null. "Today" is taken generously (UTC+14, the earliest time
 * zone), so a member east of UTC can send this morning's receipt.
 */
export function purchaseDateProblem(date: Date, now: Date = new Date()): string | null {
  const latest = parseIsoDate(new Date(now.getTime() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10));
  const earliest = parseIsoDate(new Date(now.getTime() - RECEIPT_MAX_AGE_DAYS * DAY).toISOString().slice(0, 10));
  if (latest && date > latest) return "The purchase date cannot be in the future.";
  if (earliest && date < earliest) return `Receipts older than ${RECEIPT_MAX_AGE_DAYS} days cannot be sent.`;
  return null;
}

/** "3 Nov" (this year) or "3 Nov 2025". */
export function shortDate(date: Date, now: Date = new Date()): string {
  const sameYear = date.getUTCFullYear() === now.getUTCFullYear();
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }), timeZone: "UTC" });
}

/** The date picker's range and default, matching what purchaseDateProblem accepts. */
export function receiptDateBounds(now: Date = new Date()): { today: string; min: string; max: string } {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { today: iso(now.getTime()), min: iso(now.getTime() - RECEIPT_MAX_AGE_DAYS * DAY), max: iso(now.getTime() + 14 * 60 * 60 * 1000) };
}
