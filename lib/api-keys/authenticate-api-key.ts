import "server-only";
import { counterQuery, runQuery, type DbOrTx } from "@/lib/db/client";
import type { Sql } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";
import { consumeLeased } from "@/lib/rate-limit/lease";
import type { ProviderStatus } from "@/lib/db/generated/enums";
import { providerClosedError } from "@/lib/providers/provider-status";
import { hashApiKey, looksLikeApiKey, type ApiKeyScope } from "./api-key";

export type ApiKeyCaller = { keyId: string; programId: string; providerId: string; scopes: string[] };

// The program, its provider's status and the key in one read. Last use is recorded apart, at most once a
// minute (a write per request would make every call queue on the key's row), and the key's rate limit is
// counted from a claimed block (lib/rate-limit/lease.ts), so no request waits on a shared row.
const AUTH_SQL = `
  WITH program AS (SELECT p.id, p.provider_id, pv.status::text AS provider_status FROM programs p JOIN providers pv ON pv.id = p.provider_id WHERE p.id = $1::uuid),
  k AS (SELECT id, program_id, scopes, revoked_at, last_used_at FROM program_api_keys WHERE key_hash = $2)
  SELECT program.id AS program_id, program.provider_id, program.provider_status,
         k.id AS key_id, k.program_id AS key_program_id, k.scopes, k.revoked_at IS NOT NULL AS revoked,
         (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
    FROM (SELECT 1) one LEFT JOIN program ON true LEFT JOIN k ON true`;

const TOUCH_SQL = `UPDATE program_api_keys SET last_used_at = now() WHERE id = $1::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;

const DEFAULT_PER_MINUTE = 1200;

/** Requests one API key may make per minute (API_RATE_LIMIT_PER_MINUTE, default 1200). */
export function apiKeyRequestsPerMinute(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_PER_MINUTE;
}

type Row = {
  program_id: string | null;
  provider_id: string | null;
  provider_status: string | null;
  key_id: string | null;
  key_program_id: string | null;
  scopes: string[] | null;
  revoked: boolean | null;
  stale: boolean | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AuthInput = { programId: string; authorization: string | null; scope: ApiKeyScope };

/**
 * The check of a program's API key, made once: either on its own (`run`) or as a statement of the caller's
 * unit of work (`within`), where it leaves with the unit's first statements instead of costing a round trip
 * of its own. The unit must wait for it before it commits: its failure is the request's answer.
 */
export type ApiKeyCheck = {
  within(sql: Sql): Promise<ApiKeyCaller>;
  run(): Promise<ApiKeyCaller>;
  /** Whether the check was started, and how it ended (null until started). */
  outcome(): Promise<ApiKeyCaller> | null;
};

/**
 * Who is calling the program's API: 404 for an unknown program, 401 for a missing, malformed, unknown,
 * revoked or other program's key, 403 when the key lacks `scope` or the business is suspended or not yet
 * approved, 429 past the key's rate limit (lib/rate-limit/lease.ts).
 */
export function apiKeyCheck(db: DbOrTx, input: AuthInput): ApiKeyCheck {
  let outcome: Promise<ApiKeyCaller> | null = null;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization ?? "")?.[1] ?? null;
  const params = () => [input.programId, presented && looksLikeApiKey(presented) ? hashApiKey(presented) : ""];
  const start = (read: () => Promise<Row[]>) => {
    if (!UUID.test(input.programId)) return Promise.reject(new DomainError("NOT_FOUND", "No program has that id."));
    return read()
      .then(([row]) => admit(db, input, presented, row))
      .catch((error: unknown) => {
        // A refusal is final; a failed statement (a unit retried after a lost connection) may be sent again.
        if (!(error instanceof DomainError)) outcome = null;
        throw error;
      });
  };
  return {
    within: (sql) => (outcome ??= start(() => sql.query<Row>(AUTH_SQL, params()))),
    run: () => (outcome ??= start(() => runQuery<Row>(db, AUTH_SQL, params()))),
    outcome: () => outcome,
  };
}

/** apiKeyCheck, run on its own. */
export function authenticateApiKey(db: DbOrTx, input: AuthInput): Promise<ApiKeyCaller> {
  return apiKeyCheck(db, input).run();
}

async function admit(db: DbOrTx, input: AuthInput, presented: string | null, row: Row | undefined): Promise<ApiKeyCaller> {
  if (!row?.program_id || !row.provider_id) throw new DomainError("NOT_FOUND", "No program has that id.");
  if (!presented) throw new DomainError("UNAUTHENTICATED", "Send the program's API key as `Authorization: Bearer bmr_sk_…`.");
  if (!row.key_id || row.key_program_id !== row.program_id) throw new DomainError("UNAUTHENTICATED", "The API key is not valid for this program.");
  if (row.revoked) throw new DomainError("UNAUTHENTICATED", "The API key has been revoked.");
  if (!(row.scopes ?? []).includes(input.scope)) throw new DomainError("FORBIDDEN", `The API key lacks the ${input.scope} scope.`, { reason: "insufficient_scope" });
  const closed = providerClosedError(row.provider_status as ProviderStatus);
  if (closed) throw closed;
  const limit = await consumeLeased(db, `api-key:${row.key_id}`, { limit: apiKeyRequestsPerMinute(), windowSeconds: 60 });
  if (!limit.ok) throw new DomainError("RATE_LIMITED", "Too many requests with this API key; slow down.", { retryAfterSeconds: limit.retryAfterSeconds });
  // Outside the caller's unit (on the counter pool, which a unit may wait for), so no unit holds the key's row.
  if (row.stale) await counterQuery(db, TOUCH_SQL, [row.key_id]);
  return { keyId: row.key_id, programId: row.program_id, providerId: row.provider_id, scopes: row.scopes ?? [] };
}
