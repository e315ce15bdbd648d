import type { ReactNode } from "react";
import Link from "next/link";
import { CodeBlock, CopyField } from "./copy-button";

function nodeRecipe(url: string, currency: string) {
  return `import { Webhook } from "standardwebhooks";

const url = "${url}";
const secret = process.env.BOOMERANG_SECRET; // the whsec_… signing secret above

const body = JSON.stringify({ type: "order.paid", data: { orderId: "1001", amount: 4210, currency: "${currency}",
  customer: { email: "jane@example.com" }, items: [{ sku: "TSHIRT-M", category: "apparel", amount: 4210, quantity: 1 }] } });
const id = \`msg_\${crypto.randomUUID()}\`, now = new Date();
await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "webhook-id": id,
  "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign(id, now, body) } });`;
}

function curlRecipe(url: string, currency: string) {
  return `URL="${url}"
SECRET="whsec_…"   # the signing secret above
ID="msg_$(date +%s%N)"; TS=$(date +%s)
BODY='{"type":"order.paid","data":{"orderId":"1001","amount":4210,"currency":"${currency}","customer":{"email":"jane@example.com"}}}'
KEY=$(printf '%s' "\${SECRET#whsec_}" | base64 -d | xxd -p -c 256)
SIG=$(printf '%s.%s.%s' "$ID" "$TS" "$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY -binary | base64)
curl -i "$URL" -H 'content-type: application/json' -H "webhook-id: $ID" -H "webhook-timestamp: $TS" \\
  -H "webhook-signature: v1,$SIG" --data-raw "$BODY"`;
}

export function GenericRecipe({ url, currency }: { url: string; currency: string }) {
  return (
    <div className="flex flex-col gap-4 text-sm">
      <p className="text-muted-foreground">
        Send one <code>order.paid</code> when a payment is confirmed and one <code>order.refunded</code> (with the refunded amount) per
        order, signed per <a className="text-brand-emphasis underline underline-offset-4" href="https://www.standardwebhooks.com">Standard Webhooks</a>{" "}
        with the signing secret; any Standard Webhooks library works. Amounts are integers in minor units (4210 = 42.10). Name the customer by{" "}
        <code>email</code>, <code>memberCode</code> or <code>externalId</code>.
      </p>
      <div className="flex flex-col gap-2">
        <h4 className="font-medium">Node.js</h4>
        <CodeBlock label="Node.js example" code={nodeRecipe(url, currency)} />
      </div>
      <div className="flex flex-col gap-2">
        <h4 className="font-medium">curl</h4>
        <CodeBlock label="curl example" code={curlRecipe(url, currency)} />
      </div>
      <ul className="list-disc space-y-1 pl-5 text-muted-foreground">
        <li>
          Answers: <code>202</code> accepted, <code>200</code> duplicate (a webhook-id or order already seen — safe to retry), <code>400</code> names the
          bad field, <code>401</code> bad, missing or stale signature (timestamps must be within 5 minutes), <code>404</code>, <code>413</code> over
          256 KB, <code>429</code> (honour <code>Retry-After</code>).
        </li>
        <li>Retry with the same webhook-id on a timeout: each order is rewarded at most once.</li>
        <li>Purchases by someone who has not joined yet are kept and rewarded when they join with that e-mail.</li>
      </ul>
    </div>
  );
}

export function ShopifySteps({ url }: { url: string }) {
  return (
    <ol className="list-decimal space-y-2 pl-5 text-sm">
      <li>In Shopify admin, open Settings → Notifications → Webhooks.</li>
      <li>
        Create three JSON webhooks, <strong>Order payment</strong> (<code>orders/paid</code>), <strong>Refund create</strong> (
        <code>refunds/create</code>) and <strong>Dispute create</strong> (<code>disputes/create</code>, so chargebacks take the cashback back), all to:
        <div className="mt-2">
          <CopyField value={url} label="Shopify endpoint" />
        </div>
      </li>
      <li>Copy the signing key Shopify shows under the webhook list and save it below. Until it is set, Boomerang refuses Shopify deliveries with 401.</li>
    </ol>
  );
}

export function WooCommerceSteps({ url }: { url: string }) {
  return (
    <ol className="list-decimal space-y-2 pl-5 text-sm">
      <li>In WooCommerce, open Settings → Advanced → Webhooks and add a webhook.</li>
      <li>
        Topic <strong>Order updated</strong>, delivery URL:
        <div className="mt-2">
          <CopyField value={url} label="WooCommerce endpoint" />
        </div>
      </li>
      <li>Choose a secret, type it in the webhook and save the same secret below.</li>
      <li>
        Orders are rewarded when they reach <em>processing</em> or <em>completed</em> and cancelled when <em>refunded</em> (whole order); other
        statuses are ignored.
      </li>
    </ol>
  );
}

function spendSteps(base: string, currency: string) {
  return {
    key: `export BOOMERANG_KEY="bmr_sk_…"   # the API key you created above
export API="${base}"`,
    balance: `curl "$API/balance?email=jane@example.com" -H "Authorization: Bearer $BOOMERANG_KEY"
# → {"currency":"${currency}","available":1250,"pending":300,"held":0,"spendable":1250}`,
    hold: `curl -X POST "$API/redemptions" -H "Authorization: Bearer $BOOMERANG_KEY" \\
  -H "Idempotency-Key: checkout-1001" -H "content-type: application/json" \\
  -d '{"customer":{"email":"jane@example.com"},"amount":500,"currency":"${currency}","orderId":"1001"}'
# → 201 {"id":"rdm_…","status":"requires_capture","amountHeld":500,"expiresAt":"…",…}`,
    capture: `curl -X POST "$API/redemptions/rdm_…/capture" -H "Authorization: Bearer $BOOMERANG_KEY" \\
  -H "content-type: application/json" -d '{}'
# → 200 {"status":"captured","amountCaptured":500,…}`,
    cancel: `curl -X POST "$API/redemptions/rdm_…/cancel" -H "Authorization: Bearer $BOOMERANG_KEY"
# → 200 {"status":"canceled",…}   (the cashback is the customer's again at once)`,
    refund: `curl -X POST "$API/redemptions/rdm_…/refunds" -H "Authorization: Bearer $BOOMERANG_KEY" \\
  -H "Idempotency-Key: return-1001-1" -H "content-type: application/json" -d '{"amount":200}'
# → 201 {"id":"rfd_…","amount":200,"redemption":{"status":"partially_refunded",…}}`,
  };
}

/** The spend side: a checkout pays part of an order with the customer's cashback, like a card payment with manual capture. */
export function SpendRecipe({ apiBase, currency }: { apiBase: string; currency: string }) {
  const s = spendSteps(apiBase, currency);
  const steps: { title: ReactNode; code: string; label: string }[] = [
    { title: "Create a key above and keep it on your server.", code: s.key, label: "Key and program URL" },
    { title: "Optional: show the customer what they can spend.", code: s.balance, label: "Balance example" },
    {
      title: (
        <>
          At checkout, <strong>hold</strong> the amount the customer chose. Retrying with the same <code>Idempotency-Key</code> is safe; not enough
          cashback answers <code>422 insufficient_balance</code> and nothing is held.
        </>
      ),
      code: s.hold,
      label: "Hold example",
    },
    { title: <>When the order is paid, <strong>capture</strong> it (all, or less: the rest goes back to the customer).</>, code: s.capture, label: "Capture example" },
    {
      title: (
        <>
          When the checkout is abandoned, <strong>cancel</strong> the hold. A hold you neither capture nor cancel is released by itself at{" "}
          <code>expiresAt</code> (30 minutes unless you ask for another <code>expiresInSeconds</code>).
        </>
      ),
      code: s.cancel,
      label: "Cancel example",
    },
    { title: <>When goods come back, <strong>refund</strong> the cashback part (in one or several refunds).</>, code: s.refund, label: "Refund example" },
  ];
  return (
    <div className="flex flex-col gap-4 text-sm">
      <p className="text-muted-foreground">
        Let customers pay part of an order with their cashback. Amounts are integers in minor units (500 = 5.00). Spent cashback is a discount
        you fund from what you already owe the customer. Every payment shows up under{" "}
        <Link className="text-brand-emphasis underline underline-offset-4" href="/dashboard/redemptions">
          Redemptions
        </Link>
        .
      </p>
      <ol className="flex list-decimal flex-col gap-4 pl-5">
        {steps.map((step) => (
          <li key={step.label} className="flex flex-col gap-2">
            <span>{step.title}</span>
            <CodeBlock label={step.label} code={step.code} />
          </li>
        ))}
      </ol>
      <p className="text-muted-foreground">
        Every field, answer and error code:{" "}
        <Link className="text-brand-emphasis underline underline-offset-4" href="/docs/api">
          API reference
        </Link>{" "}
        and the guide in <code>docs/integrations/redemptions.md</code>.
      </p>
    </div>
  );
}
