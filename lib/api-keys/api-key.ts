import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a key may do. A key created without scopes has them all. */
export const API_KEY_SCOPES = ["balances:read", "redemptions:write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

const PREFIX = "bmr_sk_";
const KEY_SHAPE = /^bmr_sk_[A-Za-z0-9_-]{43}$/;

/** A new key: `bmr_sk_` and 32 random bytes (base64url), shown once. */
export function newApiKey(): string {
  return `${PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * The stored form of a key. Keys carry 256 random bits, so a fast keyed hash is enough (a slow password
 * hash would only slow every API request); API_KEY_HASH_SECRET keys it so a copy of the table alone cannot
 * be checked against guesses, and rotating it invalidates every key.
 */
export function hashApiKey(key: string): string {
  return createHmac("sha256", process.env.API_KEY_HASH_SECRET || "boomerang-api-keys").update(key).digest("hex");
}

/** Whether a presented string could be a key at all (checked before any database work). */
export function looksLikeApiKey(value: string): boolean {
  return KEY_SHAPE.test(value);
}

/** The first characters, enough to tell keys apart on a screen. */
export function keyPrefix(key: string): string {
  return `${key.slice(0, PREFIX.length + 6)}…`;
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
