/**
 * The notification centre's days. A day is a calendar day in the member's time zone (the browser tells it
 * through the `bmr_tz` cookie, see `timeZoneOr`); without one, UTC — as every date in the member app.
 */
export type DayGroup<T> = { day: string; label: string; items: T[] };

const FALLBACK_ZONE = "UTC";

/** The zone if the runtime knows it (an IANA name such as "Europe/Paris"), else UTC. */
export function timeZoneOr(zone: string | null | undefined): string {
  if (!zone || zone.length > 64) return FALLBACK_ZONE;
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return FALLBACK_ZONE;
  }
}

/** "2026-12-07": the calendar day of an instant in a zone. */
export function dayKey(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The day before a "YYYY-MM-DD" key (calendar arithmetic, no zone involved). */
function previousDay(key: string): string {
  const d = new Date(`${key}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function dayLabel(key: string, today: string): string {
  if (key === today) return "Today";
  if (key === previousDay(today)) return "Yesterday";
  const d = new Date(`${key}T12:00:00Z`);
  const sameYear = key.slice(0, 4) === today.slice(0, 4);
  return d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", ...(sameYear ? {} : { year: "numeric" }), timeZone: "UTC" });
}

/**
 * Groups items (newest first, as the centre lists them) by calendar day in `timeZone`, keeping their order:
 * "Today", "Yesterday", then "Monday 30 November" (with the year when it is not this year).
 */
export function groupByDay<T extends { createdAt: Date }>(items: T[], opts: { timeZone: string; now: Date }): DayGroup<T>[] {
  const today = dayKey(opts.now, opts.timeZone);
  // One group per day even when the list is not in time order (it is in the order notifications were made,
  // and an item can be dated earlier than the one before it, e.g. imported history): never two "Monday"s.
  const groups = new Map<string, DayGroup<T>>();
  for (const item of items) {
    const day = dayKey(item.createdAt, opts.timeZone);
    const group = groups.get(day);
    if (group) group.items.push(item);
    else groups.set(day, { day, label: dayLabel(day, today), items: [item] });
  }
  return [...groups.values()];
}

/** "14:05": the time of day of an instant in a zone, for an item under its day heading. */
export function timeOfDay(at: Date, timeZone: string): string {
  return at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone });
}
