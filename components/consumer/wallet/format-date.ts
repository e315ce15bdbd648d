/**
 * Dates in the member app, in UTC: the same text on the server and in the browser (no hydration mismatch),
 * and hold periods are whole days counted in UTC.
 */
export function formatDay(iso: string | Date, opts: { year?: boolean } = {}): string {
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", ...(opts.year === false ? {} : { year: "numeric" }), timeZone: "UTC" });
}

export function formatDateTime(iso: string | Date): string {
  return `${new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
