import { createHmac, timingSafeEqual } from "node:crypto";
import { normaliseMemberCode } from "./member-code";

/**
 * The payload of a member's QR card: "BMR1.<code>.<window>.<signature>", where the window is the minute it
 * was made and the signature an HMAC of code and window with the server's secret. The register accepts a
 * payload for CARD_TTL_WINDOWS minutes, so a screenshot of someone's card stops working soon after; the card
 * page refreshes its QR code before that. The short code printed under the QR keeps working (a cashier
 * types it when the camera cannot read the screen), and is what the register identifies the member by.
 */
const PREFIX = "BMR1";
const WINDOW_MS = 60_000;
export const CARD_TTL_WINDOWS = 3;

function secret(): string {
  const s = process.env.MEMBER_CARD_SECRET || process.env.NEXTAUTH_SECRET;
  if (s) return s;
  if (process.env.NODE_ENV === "production") throw new Error("MEMBER_CARD_SECRET (or NEXTAUTH_SECRET) must be set");
  return "boomerang-development-card-secret";
}

function sign(code: string, window: number): string {
  return createHmac("sha256", secret()).update(`${code}.${window}`).digest("base64url").slice(0, 22);
}

/** A fresh payload for the member's card, valid for about CARD_TTL_WINDOWS minutes. */
export function cardPayload(memberCode: string, now = new Date()): { payload: string; expiresAt: Date } {
  const code = memberCode.replace("-", "");
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return { payload: `${PREFIX}.${code}.${window}.${sign(code, window)}`, expiresAt: new Date((window + CARD_TTL_WINDOWS) * WINDOW_MS) };
}

export function isCardPayload(input: string): boolean {
  return input.trim().startsWith(`${PREFIX}.`);
}

/** The member code in a payload, or why it is refused ("invalid" for a forgery, "expired" for an old one). */
export function readCardPayload(input: string, now = new Date()): { ok: true; code: string } | { ok: false; reason: "invalid" | "expired" } {
  const [prefix, rawCode, rawWindow, signature, ...rest] = input.trim().split(".");
  if (prefix !== PREFIX || rawCode === undefined || rawWindow === undefined || signature === undefined || rest.length > 0) return { ok: false, reason: "invalid" };
  const code = normaliseMemberCode(rawCode);
  const window = Number(rawWindow);
  if (!code || !Number.isSafeInteger(window)) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(sign(rawCode, window));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  const current = Math.floor(now.getTime() / WINDOW_MS);
  // One window of slack into the future for a phone whose clock runs ahead.
  if (window > current + 1 || window <= current - CARD_TTL_WINDOWS) return { ok: false, reason: "expired" };
  return { ok: true, code };
}
