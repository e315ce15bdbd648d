import http from "node:http";
import https from "node:https";
import { guardedLookup, isForbiddenAddress, systemResolver, type Resolver } from "./url-policy";
import { isIP } from "node:net";

export const DELIVERY_TIMEOUT_MS = 10_000;
/** How much of an answer the delivery log keeps. */
export const RESPONSE_KEPT_BYTES = 1024;

export type PostResult = { ok: boolean; status: number | null; body: string | null; error: string | null; latencyMs: number };

export type PostOptions = { resolve?: Resolver; strict: boolean; timeoutMs?: number };

/**
 * POSTs one signed body. A 2xx within the timeout is success; anything else (another status, a redirect —
 * never followed —, a refused address, a timeout, a network error) is a failure the log shows. Connects only
 * to an address the guarded lookup checked, and reads at most the first KB of the answer.
 */
export function postWebhook(url: URL, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (opts.strict && isIP(host) && isForbiddenAddress(host)) {
    return Promise.resolve({ ok: false, status: null, body: null, error: `${host} is a private or local address: refused`, latencyMs: 0 });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: latency() });
    };
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Boomerang-Webhooks/1.0", "content-length": String(Buffer.byteLength(body)), ...headers },
        lookup: guardedLookup(opts.resolve ?? systemResolver, opts.strict) as unknown as typeof import("node:dns").lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_KEPT_BYTES).toString("utf8");
          finish({ ok: status >= 200 && status < 300, status, body: text, error: status >= 200 && status < 300 ? null : `answered ${status}` });
        };
        res.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_KEPT_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          // Enough kept: stop reading a long answer.
          if (kept >= RESPONSE_KEPT_BYTES) {
            done();
            res.destroy();
          }
        });
        res.on("end", done);
        res.on("error", done);
        res.on("close", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, body: null, error: `no answer within ${(opts.timeoutMs ?? DELIVERY_TIMEOUT_MS) / 1000} s` });
      req.destroy();
    }, opts.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    req.on("error", (error: NodeJS.ErrnoException) => finish({ ok: false, status: null, body: null, error: error.message || String(error.code) }));
    req.end(body);
  });
}
