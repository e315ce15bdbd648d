const CONNECTION_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03"]);

/**
 * An error a pg client emits when it loses its server (restart, failover, idle connection killed). Emitted on
 * a client nobody listens to, it arrives as an uncaught exception; the query in flight fails on its own.
 */
export function isConnectionError(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === "string" && CONNECTION_CODES.has(code)) ||
    /Connection terminated|terminating connection|server closed the connection/i.test(error.message)
  );
}
