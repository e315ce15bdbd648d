import { createHash, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import type { PlaidApi } from "plaid";
import { DomainError } from "@/lib/errors";
import { plaidClient } from "./client";

/** Plaid's rule: a webhook whose JWT was issued more than five minutes ago is refused (replay window). */
export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;
/** How long a fetched key is trusted before it is fetched again (to notice `expired_at`). */
const KEY_TTL_MS = 60 * 60 * 1000;

/**
 * How long a key id Plaid said it does not know is refused without asking Plaid again: a webhook with a
 * made-up `kid` would otherwise cost one call to Plaid each (and anyone can send one).
 */
export const UNKNOWN_KEY_TTL_MS = 5 * 60 * 1000;
/** At most this many unknown key ids are remembered (the oldest is forgotten first), so the cache is bounded too. */
export const MAX_UNKNOWN_KEYS = 1000;
/** Plaid's key ids are short; anything longer is refused without a lookup. */
const MAX_KID_LENGTH = 128;

type CachedKey = { jwk: JWK; expiredAt: number | null; fetchedAt: number };
const keys = new Map<string, CachedKey>();
/** kid → when it was found unknown. */
const unknownKeys = new Map<string, number>();

/** For tests: forget every cached verification key, known or unknown. */
export function clearWebhookKeyCache(): void {
  keys.clear();
  unknownKeys.clear();
}

function rememberUnknown(kid: string, nowMs: number): void {
  unknownKeys.delete(kid);
  unknownKeys.set(kid, nowMs);
  while (unknownKeys.size > MAX_UNKNOWN_KEYS) {
    const oldest = unknownKeys.keys().next().value;
    if (oldest === undefined) break;
    unknownKeys.delete(oldest);
  }
}

/** True when Plaid itself answered the lookup with a refusal (4xx), as opposed to being unreachable or failing. */
function plaidRefused(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("response" in error)) return false;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== "object" || response === null || !("status" in response)) return false;
  const status = (response as { status?: unknown }).status;
  return typeof status === "number" && status >= 400 && status < 500;
}

function refuse(message: string): never {
  throw new DomainError("UNAUTHENTICATED", `Plaid-Verification: ${message}`);
}

async function keyFor(kid: string, client: PlaidApi, nowMs: number): Promise<CachedKey> {
  const cached = keys.get(kid);
  if (cached && nowMs - cached.fetchedAt < KEY_TTL_MS) return cached;
  const foundUnknown = unknownKeys.get(kid);
  if (foundUnknown !== undefined && nowMs - foundUnknown < UNKNOWN_KEY_TTL_MS) refuse(`unknown key "${kid.slice(0, 64)}"`);
  let key: { alg?: string; crv?: string; kty?: string; x?: string; y?: string; expired_at?: number | null };
  try {
    key = (await client.webhookVerificationKeyGet({ key_id: kid })).data.key;
  } catch (error) {
    // Plaid answers 400 for a key id it never issued: nobody but Plaid signs our webhooks. Remembered
    // briefly; an unreachable Plaid is not (the real key must work as soon as Plaid is back).
    keys.delete(kid);
    if (plaidRefused(error)) rememberUnknown(kid, nowMs);
    refuse(`unknown key "${kid.slice(0, 64)}"`);
  }
  unknownKeys.delete(kid);
  if (key.alg !== "ES256" || key.kty !== "EC" || key.crv !== "P-256" || !key.x || !key.y) refuse("the verification key is not an ES256 key");
  const entry: CachedKey = { jwk: { kty: "EC", crv: "P-256", x: key.x, y: key.y }, expiredAt: key.expired_at ?? null, fetchedAt: nowMs };
  keys.set(kid, entry);
  return entry;
}

/**
 * Verifies a Plaid webhook: the `Plaid-Verification` header is a JWT signed with ES256 (nothing else is
 * accepted) by the key Plaid names in `kid`, issued at most five minutes ago, whose `request_body_sha256` is
 * the SHA-256 of the exact raw body. Throws DomainError UNAUTHENTICATED (→ 401) otherwise.
 */
export async function verifyPlaidWebhook(input: { body: string; header: string | null; client?: PlaidApi; now?: Date }): Promise<void> {
  const token = input.header?.trim();
  if (!token) refuse("header missing");
  const nowMs = (input.now ?? new Date()).getTime();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    refuse("not a JWT");
  }
  if (header.alg !== "ES256") refuse(`algorithm "${String(header.alg)}" is not allowed (ES256 only)`);
  if (typeof header.kid !== "string" || !header.kid) refuse("no key id");
  if (header.kid.length > MAX_KID_LENGTH) refuse("the key id is too long");
  const key = await keyFor(header.kid, input.client ?? plaidClient(), nowMs);
  if (key.expiredAt !== null && key.expiredAt * 1000 <= nowMs) refuse("the signing key has expired");

  let payload: { iat?: unknown; request_body_sha256?: unknown };
  try {
    const verified = await jwtVerify(token, await importJWK(key.jwk, "ES256"), { algorithms: ["ES256"], currentDate: new Date(nowMs) });
    payload = verified.payload;
  } catch {
    refuse("bad signature");
  }
  if (typeof payload.iat !== "number") refuse("no issue time");
  const age = nowMs / 1000 - payload.iat;
  if (age > MAX_WEBHOOK_AGE_SECONDS) refuse("too old (issued more than 5 minutes ago)");
  if (age < -60) refuse("issued in the future");

  if (typeof payload.request_body_sha256 !== "string") refuse("no body hash");
  const expected = createHash("sha256").update(input.body, "utf8").digest();
  const claimed = Buffer.from(payload.request_body_sha256, "hex");
  if (claimed.length !== expected.length || !timingSafeEqual(claimed, expected)) refuse("the body does not match its signature");
}
