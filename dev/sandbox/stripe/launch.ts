import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startStripeSandbox, type StripeSandbox } from "./server";

/**
 * For the launchers (`npm run dev` / `npm start`, the e2e server): with no STRIPE_SECRET_KEY, starts the local
 * Stripe sandbox and returns the variables the app needs to use it (also set on this process, for the worker).
 * The webhook secret is random per install (kept beside the sandbox state), never a constant in the source.
 */
export async function launchStripeSandbox(opts: { appUrl: string; dir: string; port?: number; log: (msg: string) => void }): Promise<{ sandbox: StripeSandbox | null; env: Record<string, string> }> {
  if (process.env.STRIPE_SECRET_KEY) {
    if (!process.env.STRIPE_WEBHOOK_SECRET) opts.log("STRIPE_WEBHOOK_SECRET is not set: the Stripe webhook endpoint will refuse every delivery");
    return { sandbox: null, env: {} };
  }
  mkdirSync(opts.dir, { recursive: true });
  let secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    const file = path.join(opts.dir, "stripe-webhook-secret");
    if (!existsSync(file)) writeFileSync(file, `whsec_${randomBytes(24).toString("base64url")}`, { mode: 0o600 });
    secret = readFileSync(file, "utf8").trim();
  }
  const options = { appUrl: opts.appUrl, webhookSecret: secret, stateFile: path.join(opts.dir, "stripe.json"), log: opts.log };
  let sandbox: StripeSandbox;
  try {
    sandbox = await startStripeSandbox({ ...options, port: opts.port });
  } catch (error) {
    // Another app on this machine has the port: any free one will do (links in old sandbox objects then break).
    if (!(error instanceof Error && "code" in error && error.code === "EADDRINUSE")) throw error;
    opts.log(`stripe sandbox: port ${opts.port} is in use; using a free one`);
    sandbox = await startStripeSandbox({ ...options, port: 0 });
  }
  const env = { STRIPE_SANDBOX_URL: sandbox.url, STRIPE_WEBHOOK_SECRET: secret };
  Object.assign(process.env, env);
  return { sandbox, env };
}
