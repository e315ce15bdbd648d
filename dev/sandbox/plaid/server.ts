import { serve } from "../serve";
import { createPlaidSandbox } from "./sandbox";

export type PlaidSandbox = { url: string; stop(): Promise<void> };

/** The Plaid sandbox on a local port, for the demo and the e2e suite: the real SDK pointed at it works offline. */
export async function startPlaidSandbox(opts: { port?: number; appUrl: string; stateFile: string; host?: string }): Promise<PlaidSandbox> {
  const sandbox = createPlaidSandbox({ defaultWebhook: `${opts.appUrl.replace(/\/$/, "")}/api/webhooks/plaid`, stateFile: opts.stateFile });
  return serve(sandbox.handle, { port: opts.port, host: opts.host });
}
