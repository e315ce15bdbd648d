import type { Currency } from "@/lib/money/currency";
import { minorUnitDigits } from "@/lib/money/currency";
import { minorToDecimalString } from "@/lib/money/format";

export type MemberCsvRow = {
  name: string | null;
  email: string;
  code: string;
  joinedAt: Date;
  program: { name: string; currency: Currency };
  available: bigint;
  pending: bigint;
  lifetime: bigint;
};

export const MEMBERS_CSV_COLUMNS = ["name", "email", "code", "program", "joined_at", "currency", "available", "pending", "lifetime"] as const;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell (RFC 4180). A text starting with = + - @ (or a tab / carriage return) is prefixed with a quote
 * so spreadsheets show it instead of running it as a formula; plain numbers such as "-1.50" are left alone.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** A member as a CSV line: amounts as exact decimal strings in the program's currency. */
export function memberCsvLine(m: MemberCsvRow): string {
  const digits = minorUnitDigits(m.program.currency);
  return csvLine([
    m.name ?? "",
    m.email,
    m.code,
    m.program.name,
    m.joinedAt.toISOString(),
    m.program.currency,
    minorToDecimalString(m.available, digits),
    minorToDecimalString(m.pending, digits),
    minorToDecimalString(m.lifetime, digits),
  ]);
}

/**
 * Streams the header and then every page `pages` yields, so a large program is never held in memory whole.
 * Starts with a byte-order mark so spreadsheet apps read accented names as UTF-8.
 */
export function exportMembersCsv(pages: AsyncIterable<readonly MemberCsvRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${csvLine(MEMBERS_CSV_COLUMNS)}`));
    },
    async pull(controller) {
      // Skip empty pages: a pull that enqueues nothing would not be called again and the reader would hang.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          controller.close();
          return;
        }
        if (next.value.length > 0) {
          controller.enqueue(encoder.encode(next.value.map(memberCsvLine).join("")));
          return;
        }
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
