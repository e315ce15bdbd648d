import { statusOf, type ErrorCode } from "@/lib/errors";

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: "Invalid request",
  UNAUTHENTICATED: "Authentication required",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  RATE_LIMITED: "Too many requests",
  PAYLOAD_TOO_LARGE: "Payload too large",
  UNPROCESSABLE: "Unprocessable request",
  INTERNAL: "Internal error",
  UNAVAILABLE: "Service unavailable",
};

/** An RFC 9457 application/problem+json response, with a machine-readable `code`. */
export function problem(
  code: ErrorCode,
  detail: string,
  extra: { field?: string; requestId?: string; retryAfterSeconds?: number; reason?: string } = {},
): Response {
  const status = statusOf(code);
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (extra.retryAfterSeconds) headers.set("retry-after", String(extra.retryAfterSeconds));
  const body = {
    type: `https://boomerang.dev/problems/${code.toLowerCase().replace(/_/g, "-")}`,
    title: TITLES[code],
    status,
    // Machine-readable: what an integration branches on (the title is for people).
    code: extra.reason ?? code.toLowerCase(),
    detail,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
  };
  return new Response(JSON.stringify(body), { status, headers });
}
