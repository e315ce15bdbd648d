import Stripe from "stripe";

/** Any key works against the sandbox; the prefix keeps the SDK's own checks happy. */
export const SANDBOX_SECRET_KEY = "sk_test_boomerang_sandbox";

export type StripeMode = "live" | "sandbox";

const globalForStripe = globalThis as unknown as { __boomerangStripe?: { signature: string; client: Stripe } };

/** Real Stripe when STRIPE_SECRET_KEY is set; otherwise the local sandbox at STRIPE_SANDBOX_URL. */
export function stripeMode(): StripeMode {
  return process.env.STRIPE_SECRET_KEY ? "live" : "sandbox";
}

function build(): { signature: string; client: Stripe } {
  const key = process.env.STRIPE_SECRET_KEY;
  // Few retries: callers are idempotent (idempotency keys on every create) and a webhook re-delivers anyway.
  const common = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "Boomerang" } } as const;
  if (key) return { signature: `key:${key}`, client: new Stripe(key, common) };
  const sandbox = process.env.STRIPE_SANDBOX_URL;
  if (!sandbox) throw new Error("Stripe is not configured: set STRIPE_SECRET_KEY, or STRIPE_SANDBOX_URL for the local sandbox (npm run dev starts one).");
  const url = new URL(sandbox);
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  return {
    signature: `sandbox:${url.origin}`,
    client: new Stripe(SANDBOX_SECRET_KEY, { ...common, host: url.hostname, port, protocol: url.protocol === "https:" ? "https" : "http" }),
  };
}

/** Stripe itself out of reach (no connection, or a 5xx), as opposed to Stripe refusing the request: retrying may work. */
export function isStripeOutage(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeConnectionError || (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 500) >= 500);
}

/** The process-wide Stripe SDK client, rebuilt if the configuration changed (tests switch it). */
export function stripe(): Stripe {
  const next = process.env.STRIPE_SECRET_KEY ? `key:${process.env.STRIPE_SECRET_KEY}` : `sandbox:${process.env.STRIPE_SANDBOX_URL ? new URL(process.env.STRIPE_SANDBOX_URL).origin : ""}`;
  const cached = globalForStripe.__boomerangStripe;
  if (cached && cached.signature === next) return cached.client;
  const built = build();
  globalForStripe.__boomerangStripe = built;
  return built.client;
}

/**
 * The secret webhooks are verified with; null when none is configured, and then the endpoint refuses every
 * delivery. There is no built-in fallback: the launcher gives the sandbox a random secret of its own and
 * passes the same one to the app (a secret written in the source would let anyone forge events).
 */
export function stripeWebhookSecret(): string | null {
  return process.env.STRIPE_WEBHOOK_SECRET || null;
}

/** Stripe ids in expandable fields come as a string or as the object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null;
  return typeof value === "string" ? value : value.id;
}

export type { Stripe };
