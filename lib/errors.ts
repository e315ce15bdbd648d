/**
 * An expected failure that callers may show to the user. Anything else thrown is a bug and becomes a 500
 * (or an INTERNAL action error) with a request id and no internals.
 */
export type ErrorCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  /** Well-formed, but the state of things does not allow it (not enough balance, more than was captured). */
  | "UNPROCESSABLE"
  /** A service we depend on (Stripe, Plaid) could not be reached; nothing was changed, retrying may work. */
  | "UNAVAILABLE"
  | "INTERNAL";

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAfterSeconds?: number;
  /** The machine-readable `code` of the problem+json answer (e.g. "insufficient_balance"); defaults from `code`. */
  readonly reason?: string;

  constructor(code: ErrorCode, message: string, opts: { field?: string; retryAfterSeconds?: number; reason?: string } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.field = opts.field;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.reason = opts.reason;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}
