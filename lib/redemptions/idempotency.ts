import { createHash } from "node:crypto";
import type { Sql } from "@/lib/db/unit-of-work";
import { DomainError } from "@/lib/errors";

/** What makes two requests "the same" for an Idempotency-Key: the operation, its target and its body. */
export function requestHash(operation: string, body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return typeof value === "bigint" ? value.toString() : value;
  };
  return createHash("sha256").update(JSON.stringify([operation, canonical(body)])).digest("hex");
}

export type Stored<T> = { httpStatus: number; body: T };

/**
 * Claims an Idempotency-Key for this program inside the caller's unit of work. Returns the stored answer when
 * the same request was answered before (a concurrent twin waits for the first to commit); throws 409
 * idempotency_conflict for the key with another request. A unit that fails rolls the claim back, so a
 * refused request (422, 409) can be retried with the same key.
 */
export async function claimIdempotencyKey<T>(sql: Sql, programId: string, key: string, hash: string): Promise<Stored<T> | null> {
  const claimed = await sql.query<{ key: string }>(
    `INSERT INTO idempotency_records (program_id, key, request_hash, response_status, response_body) VALUES ($1::uuid, $2, $3, 0, '{}'::jsonb)
     ON CONFLICT (program_id, key) DO NOTHING RETURNING key`,
    [programId, key, hash],
  );
  if (claimed.length > 0) return null;
  const [stored] = await sql.query<{ request_hash: string; response_status: number; response_body: T }>(
    `SELECT request_hash, response_status, response_body FROM idempotency_records WHERE program_id = $1::uuid AND key = $2`,
    [programId, key],
  );
  if (!stored || stored.request_hash !== hash) {
    throw new DomainError("CONFLICT", "This Idempotency-Key was already used with a different request.", { field: "Idempotency-Key", reason: "idempotency_conflict" });
  }
  return { httpStatus: stored.response_status, body: stored.response_body };
}

/** Stores the answer for a claimed key, committed with the work it answers. */
export function storeIdempotentAnswer(sql: Sql, programId: string, key: string, answer: Stored<unknown>): void {
  sql.write(`UPDATE idempotency_records SET response_status = $3, response_body = $4::jsonb WHERE program_id = $1::uuid AND key = $2`, [
    programId,
    key,
    answer.httpStatus,
    JSON.stringify(answer.body),
  ]);
}
