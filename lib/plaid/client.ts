import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";

export type PlaidMode = "plaid" | "sandbox";

/**
 * "plaid" when PLAID_CLIENT_ID and PLAID_SECRET are set (the real service, PLAID_ENV sandbox or production);
 * otherwise "sandbox": the same SDK pointed at our local Plaid sandbox (dev/sandbox/plaid) at PLAID_SANDBOX_URL.
 */
export function plaidMode(env: NodeJS.ProcessEnv = process.env): PlaidMode {
  return env.PLAID_CLIENT_ID && env.PLAID_SECRET ? "plaid" : "sandbox";
}

/** The base URL the SDK talks to. */
export function plaidBasePath(env: NodeJS.ProcessEnv = process.env): string {
  if (plaidMode(env) === "plaid") {
    const name = env.PLAID_ENV ?? "sandbox";
    const base = PlaidEnvironments[name];
    if (!base) throw new Error(`PLAID_ENV must be "sandbox" or "production", not "${name}"`);
    return base;
  }
  const url = env.PLAID_SANDBOX_URL;
  if (!url) throw new Error("Plaid is not configured: set PLAID_CLIENT_ID and PLAID_SECRET, or start the local sandbox (npm run dev does) and set PLAID_SANDBOX_URL");
  return url.replace(/\/$/, "");
}

const cache = globalThis as unknown as { __boomerangPlaid?: { key: string; client: PlaidApi } };

/** The Plaid SDK client for the current environment (recreated when the configuration changes, e.g. in tests). */
export function plaidClient(env: NodeJS.ProcessEnv = process.env): PlaidApi {
  const basePath = plaidBasePath(env);
  const clientId = env.PLAID_CLIENT_ID ?? "sandbox-client";
  const secret = env.PLAID_SECRET ?? "sandbox-secret";
  const key = `${basePath}|${clientId}`;
  if (cache.__boomerangPlaid?.key === key) return cache.__boomerangPlaid.client;
  const configuration = new Configuration({
    basePath,
    baseOptions: { headers: { "PLAID-CLIENT-ID": clientId, "PLAID-SECRET": secret, "Plaid-Version": "2020-09-14" }, timeout: 20_000 },
  });
  const client = new PlaidApi(configuration);
  cache.__boomerangPlaid = { key, client };
  return client;
}

/** Plaid's error body (error_code, error_message) from a failed SDK call, when there is one. */
export function plaidErrorOf(error: unknown): { status: number; code: string; message: string } | null {
  if (typeof error !== "object" || error === null || !("response" in error)) return null;
  const response = error.response;
  if (typeof response !== "object" || response === null || !("data" in response)) return null;
  const data = response.data;
  if (typeof data !== "object" || data === null) return null;
  const code = "error_code" in data && typeof data.error_code === "string" ? data.error_code : "UNKNOWN";
  const message = "error_message" in data && typeof data.error_message === "string" ? data.error_message : "Plaid refused the request";
  const status = "status" in response && typeof response.status === "number" ? response.status : 0;
  return { status, code, message };
}
