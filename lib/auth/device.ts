import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A long-lived, signed cookie naming the accounts that have signed in on this browser. Its owner is not
 * slowed down by failures someone else caused for their e-mail: "a device that has signed in before".
 */
export const DEVICE_COOKIE = "bmr_device";
export const DEVICE_COOKIE_MAX_AGE = 400 * 24 * 60 * 60;
const MAX_ACCOUNTS = 5;

function key(): string {
  const secret = process.env.NEXTAUTH_SECRET;
  if (secret) return secret;
  if (process.env.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET must be set in production");
  return "boomerang development device key";
}

function mac(payload: string): string {
  return createHmac("sha256", key()).update(`device:${payload}`).digest("base64url");
}

/** The user ids a device cookie vouches for; [] when absent, malformed or forged. */
export function deviceUsers(cookie: string | null | undefined): string[] {
  if (!cookie || cookie.length > 2000) return [];
  const [payload, signature, ...rest] = cookie.split(".");
  if (!payload || !signature || rest.length > 0) return [];
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return [];
  try {
    const ids: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

/** The cookie value after `userId` signed in on this device (most recent first, a few accounts at most). */
export function deviceCookieWith(cookie: string | null | undefined, userId: string): string {
  const ids = [userId, ...deviceUsers(cookie).filter((id) => id !== userId)].slice(0, MAX_ACCOUNTS);
  const payload = Buffer.from(JSON.stringify(ids)).toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** Reads one cookie out of a Cookie header. */
export function cookieFromHeader(header: string | string[] | undefined, name: string): string | null {
  const value = Array.isArray(header) ? header.join("; ") : header;
  for (const part of value?.split(";") ?? []) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}
