import "server-only";
import { db } from "@/lib/db/client";

export type SignInView = { id: string; at: Date; device: string; ip: string; current: boolean; ended: boolean };

/** "Chrome on Android" from a user-agent string: enough to recognise one's own devices. */
export function describeDevice(userAgent: string): string {
  const ua = userAgent.slice(0, 500);
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\/|FxiOS/.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS/.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : null;
  const os = /iPhone/.test(ua)
    ? "iPhone"
    : /iPad/.test(ua)
      ? "iPad"
      : /Android/.test(ua)
        ? "Android"
        : /Windows/.test(ua)
          ? "Windows"
          : /Mac OS X|Macintosh/.test(ua)
            ? "macOS"
            : /CrOS/.test(ua)
              ? "ChromeOS"
              : /Linux/.test(ua)
                ? "Linux"
                : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}

/** The user's most recent sign-ins, newest first; `currentSessionId` marks this device's. */
export async function listSignIns(userId: string, currentSessionId?: string, take = 10): Promise<SignInView[]> {
  const rows = await db.signIn.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take, select: { id: true, createdAt: true, userAgent: true, ip: true, endedAt: true } });
  return rows.map((r) => ({ id: r.id, at: r.createdAt, device: describeDevice(r.userAgent), ip: r.ip, current: r.id === currentSessionId, ended: r.endedAt !== null }));
}
