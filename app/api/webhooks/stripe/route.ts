import { route } from "@/lib/http/route";
import { WebhookNotConfiguredError, handleStripeWebhook } from "@/lib/webhooks/stripe";

export const dynamic = "force-dynamic";

// Stripe signs the exact bytes; no Stripe event comes near this, so the wrapper stops reading past it.
const MAX_BODY_BYTES = 512 * 1024;

function notConfigured(requestId: string, detail: string): Response {
  return new Response(JSON.stringify({ type: "https://boomerang.dev/problems/not-configured", title: "Not configured", status: 503, detail, requestId }), {
    status: 503,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}

export const POST = route({ auth: "none", rateLimit: { name: "stripe-webhook", limit: 1200, windowSeconds: 60 }, maxBodyBytes: MAX_BODY_BYTES }, async (req, { requestId, body }) => {
  const rawBody = await body.text();
  try {
    const outcome = await handleStripeWebhook({ rawBody, signature: req.headers.get("stripe-signature") });
    return Response.json(outcome, { status: 200 });
  } catch (error) {
    if (error instanceof WebhookNotConfiguredError) return notConfigured(requestId, error.message);
    throw error;
  }
});
