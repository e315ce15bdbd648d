import { z } from "zod";

/** True when `zone` is an IANA time zone this runtime knows (Intl refuses anything else with a RangeError). */
export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z.string().trim().refine(isTimeZone, { message: "must be an IANA time zone such as Europe/Paris" });

/** Minutes after midnight from "HH:MM" (24-hour), or null. */
export function parseSendTime(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatSendTime(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

export const DEFAULT_SEND_MINUTE = 8 * 60;

/** The calendar date ("YYYY-MM-DD") that `at` falls on in `zone`. */
export function localDate(at: Date, zone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The date before `day` ("YYYY-MM-DD"), on the calendar (no time zone involved). */
export function previousDate(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
