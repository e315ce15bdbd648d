import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** A new endpoint signing secret, in the Standard Webhooks form (`whsec_` + base64 of 32 random bytes). */
export function newEndpointSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Standard Webhooks headers for one attempt; with several secrets (a rotation's overlap), one signature each, space-separated. */
export function signedHeaders(messageId: string, body: string, secrets: readonly string[], at: Date = new Date()): Record<string, string> {
  if (secrets.length === 0) throw new Error("an endpoint without a signing secret");
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(messageId, at, body)).join(" "),
  };
}
