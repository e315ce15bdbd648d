import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { handlePlaidWebhook } from "@/lib/webhooks/plaid";
import { verifyPlaidWebhook } from "@/lib/plaid/verify-webhook";

/** Plaid's webhook bodies are small JSON documents; anything far larger is not from Plaid. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Plaid webhooks: the raw body is verified against the `Plaid-Verification` JWT (ES256, key by kid, body hash,
 * at most five minutes old) before it is parsed. Verified events we do not handle are acknowledged with 200.
 */
export const POST = route({ auth: "none", rateLimit: { name: "plaid-webhook", limit: 600, windowSeconds: 60 } }, async (req) => {
  const body = await req.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw new DomainError("PAYLOAD_TOO_LARGE", "A Plaid webhook body is at most 64 KiB.");
  await verifyPlaidWebhook({ body, header: req.headers.get("plaid-verification") });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new DomainError("VALIDATION", "The body must be JSON.");
  }
  const outcome = await handlePlaidWebhook(parsed);
  return Response.json({ received: true, ...outcome }, { headers: { "cache-control": "no-store" } });
});
