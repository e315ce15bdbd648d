import { formatMoney } from "@/lib/money/format";
import type { CurrencyAmount, DailyDigest, ProgramDigest } from "./get-daily-digest";

export type DigestRow = { key: string; label: string; value: string; attention?: boolean };

const money = (amounts: CurrencyAmount[], zero: string) => (amounts.length ? amounts.map((a) => formatMoney(a.amountMinor, a.currency)).join(" + ") : zero);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** "Sunday 6 December 2026" for "2026-12-06" (a calendar date: no time zone shifts it). */
export function formatDigestDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  // Built from two parts: ICU versions differ on a comma after the weekday.
  const weekday = d.toLocaleDateString("en-GB", { weekday: "long", timeZone: "UTC" });
  return `${weekday} ${d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`;
}

/** The lines of one program's digest, in reading order: the e-mail and the dashboard preview both print these. */
export function digestRows(p: ProgramDigest): DigestRow[] {
  const zero = formatMoney(0n, p.currency);
  const rows: DigestRow[] = [
    { key: "orders", label: "Orders", value: p.orders.toLocaleString("en-GB") },
    { key: "issued", label: "Cashback issued", value: money(p.issued, zero) },
    { key: "redeemed", label: "Cashback redeemed", value: money(p.redeemed, zero) },
    { key: "reversed", label: "Cashback reversed", value: money(p.reversed, zero), attention: p.reversed.length > 0 },
    { key: "newMembers", label: "New members", value: p.newMembers.toLocaleString("en-GB") },
    { key: "reviewQueue", label: "Waiting for review now", value: p.reviewQueue.toLocaleString("en-GB"), attention: p.reviewQueue > 0 },
    { key: "guardHits", label: "Guard hits", value: p.guardHits.toLocaleString("en-GB"), attention: p.guardHits > 0 },
    { key: "failedInbound", label: "Refused order events", value: p.failedInboundDeliveries.toLocaleString("en-GB"), attention: p.failedInboundDeliveries > 0 },
  ];
  rows.push({ key: "failedOutbound", label: "Failed webhook deliveries", value: p.failedOutboundDeliveries.toLocaleString("en-GB"), attention: p.failedOutboundDeliveries > 0 });
  rows.push({ key: "liability", label: "Cashback outstanding now", value: money(p.liability, zero) });
  return rows;
}

/** One sentence a café owner can read over coffee. */
export function digestHeadline(p: ProgramDigest): string {
  const zero = formatMoney(0n, p.currency);
  return `${plural(p.orders, "order", "orders")}, ${money(p.issued, zero)} cashback issued, ${plural(p.newMembers, "new member", "new members")}.`;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The e-mail: subject, plain text and a small HTML version of the same lines. */
export function renderDigestEmail(digest: DailyDigest, opts: { name: string | null; dashboardUrl: string; settingsUrl: string }) {
  const when = formatDigestDay(digest.day);
  const subject = `${digest.providerName} yesterday: ${digest.programs.length === 1 ? digestHeadline(digest.programs[0]!).replace(/\.$/, "") : when}`;
  const greeting = opts.name ? `Good morning ${opts.name.split(/\s+/)[0]},` : "Good morning,";
  const text = [
    greeting,
    "",
    `Here is ${when} at ${digest.providerName} (${digest.timeZone}).`,
    ...digest.programs.flatMap((p) => ["", `${p.name}: ${digestHeadline(p)}`, ...digestRows(p).map((r) => `  ${r.label}: ${r.value}${r.attention ? "  ←" : ""}`)]),
    "",
    `Open the dashboard: ${opts.dashboardUrl}`,
    "",
    `You get this because you turned on the daily digest. Change the time or turn it off: ${opts.settingsUrl}`,
  ].join("\n");
  const html = [
    `<p>${escape(greeting)}</p>`,
    `<p>Here is ${escape(when)} at ${escape(digest.providerName)} (${escape(digest.timeZone)}).</p>`,
    ...digest.programs.map(
      (p) =>
        `<h2 style="font-size:16px">${escape(p.name)}</h2><p>${escape(digestHeadline(p))}</p><table cellpadding="4">${digestRows(p)
          .map((r) => `<tr><td>${escape(r.label)}</td><td style="text-align:right${r.attention ? ";font-weight:bold" : ""}">${escape(r.value)}</td></tr>`)
          .join("")}</table>`,
    ),
    `<p><a href="${escape(opts.dashboardUrl)}">Open the dashboard</a></p>`,
    `<p style="color:#666;font-size:12px">You get this because you turned on the daily digest. <a href="${escape(opts.settingsUrl)}">Change the time or turn it off</a>.</p>`,
  ].join("\n");
  return { subject, text, html };
}
