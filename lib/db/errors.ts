import { DomainError } from "@/lib/errors";

// SQLSTATEs of a server that is going away or cannot take us: class 08 (connection exception), 57P01-03
// (admin or crash shutdown, cannot connect now) and 53300 (too many connections).
const UNAVAILABLE_STATES = /^(08\d{3}|57P0[123]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// Prisma's driver-adapter error kinds for the same situations.
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionAlreadyClosed"]);
const UNAVAILABLE_MESSAGES = /Connection terminated|server closed the connection|connection error and is not queryable|terminating connection|Client was closed|Can't reach database server|Timed out fetching a new connection|Server has closed the connection|Query read timeout/i;

/** Walks an error and what it wraps (Prisma nests the driver's error in cause / meta / driverAdapterError). */
function* layers(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    for (const key of ["cause", "meta", "driverAdapterError", "kind", "errors"]) if (key in record) stack.push(record[key]);
    if (Array.isArray(current)) stack.push(...current);
  }
}

/** The PostgreSQL SQLSTATE (or the ledger's own BLnnn) and constraint behind an error, through whatever wraps it. */
export function pgErrorOf(error: unknown): { code: string; message: string; constraint?: string } | null {
  for (const layer of layers(error)) {
    for (const key of ["originalCode", "code"]) {
      const code = layer[key];
      if (typeof code === "string" && /^(BL\d{3}|[0-9A-Z]{5})$/.test(code) && !code.startsWith("P")) {
        const message = [layer.originalMessage, layer.message].find((m): m is string => typeof m === "string") ?? "";
        const constraint = typeof layer.constraint === "string" ? layer.constraint : undefined;
        return { code, message, constraint };
      }
    }
  }
  return null;
}

/** The database could not be reached, or dropped the connection: nothing the caller did wrong, retrying may work. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const layer of layers(error)) {
    for (const key of ["code", "originalCode", "errno"]) {
      const code = layer[key];
      if (typeof code === "string" && (UNAVAILABLE_STATES.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    }
    if (typeof layer.kind === "string" && UNAVAILABLE_KINDS.has(layer.kind)) return true;
    if (typeof layer.message === "string" && UNAVAILABLE_MESSAGES.test(layer.message)) return true;
    if (typeof layer.errorCode === "string" && (layer.errorCode === "P1001" || layer.errorCode === "P1017" || layer.errorCode === "P2024")) return true;
  }
  return false;
}

/** A deadlock or serialization failure: PostgreSQL rolled the transaction back and running it again is safe. */
export function isRetryableConflict(error: unknown): boolean {
  const code = pgErrorOf(error)?.code;
  return code === "40P01" || code === "40001";
}

/** Seconds a client is asked to wait before retrying when the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer for a database outage: 503 with Retry-After, in the problem+json shape, naming no internals. */
export function databaseUnavailable(): DomainError {
  return new DomainError("UNAVAILABLE", "The service is briefly unavailable; nothing was changed. Retry shortly.", { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}
