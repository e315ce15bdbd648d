import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { handlePlaidWebhook } from "@/lib/webhooks/plaid";
import { verifyPlaidWebhook } from "@/lib/plaid/verify-webhook";

/**
 * Plaid webhooks: the raw body is verified against the `Plaid-Verification` JWT (ES256, key by kid, body hash,
 * at most five minutes old) before it is parsed. Verified events we do not handle are acknowledged with 200.
 */
// Plaid's webhook bodies are small JSON documents: the wrapper's default 64 KiB cap is far above them.
export const POST = route({ auth: "none", rateLimit: { name: "plaid-webhook", limit: 600, windowSeconds: 60 } }, async (req, ctx) => {
  const body = await ctx.body.text();
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
