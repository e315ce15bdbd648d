import { serve } from "../serve";
import { createStripeSandbox } from "./sandbox";

export type StripeSandbox = { url: string; stop(): Promise<void> };

export type SandboxOptions = {
  /** 0 (default): any free port. */
  port?: number;
  /** Where webhooks go: `${appUrl}/api/webhooks/stripe`. */
  appUrl: string;
  webhookSecret: string;
  /** JSON file the objects are kept in; absent: memory only. */
  stateFile?: string;
  log?: (msg: string) => void;
};

/** The Stripe sandbox on a local port, for the demo and the e2e suite: the real SDK pointed at it works offline. */
export async function startStripeSandbox(opts: SandboxOptions): Promise<StripeSandbox> {
  const webhook = { url: `${opts.appUrl.replace(/\/+$/, "")}/api/webhooks/stripe`, secret: opts.webhookSecret };
  // The hosted pages' URLs name the port, known once listening.
  let handle = (_request: Request) => Promise.resolve(new Response("starting", { status: 503 }));
  const served = await serve((request) => handle(request), { port: opts.port });
  const sandbox = createStripeSandbox({ webhook, publicUrl: served.url, stateFile: opts.stateFile, log: opts.log });
  handle = sandbox.handle;
  opts.log?.(`stripe sandbox: ${served.url} (webhooks to ${webhook.url})`);
  return {
    url: served.url,
    async stop() {
      await sandbox.flush();
      await served.stop();
    },
  };
}
