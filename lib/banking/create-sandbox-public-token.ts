import "server-only";
import { Products, type PlaidApi } from "plaid";
import { appUrl } from "@/lib/app-url";
import { DomainError } from "@/lib/errors";
import { plaidClient, plaidMode } from "@/lib/plaid/client";
import { SANDBOX_INSTITUTIONS } from "@/lib/sandbox/plaid/institutions";

/** Link without Plaid's Link UI, for the offline sandbox and Plaid's own sandbox environment only. */
export function sandboxLinkAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return plaidMode(env) === "sandbox" || (env.PLAID_ENV ?? "sandbox") === "sandbox";
}

/** A sandbox public token for a test bank (/sandbox/public_token/create), handed to the normal exchange. */
export async function createSandboxPublicToken(institutionId: string, client: PlaidApi = plaidClient()): Promise<{ publicToken: string }> {
  if (!sandboxLinkAllowed()) throw new DomainError("FORBIDDEN", "Test banks are only available in the sandbox.");
  if (!SANDBOX_INSTITUTIONS.some((i) => i.institution_id === institutionId)) throw new DomainError("VALIDATION", "Choose one of the test banks.", { field: "institutionId" });
  const response = await client.sandboxPublicTokenCreate({
    institution_id: institutionId,
    initial_products: [Products.Transactions],
    options: { webhook: appUrl("/api/webhooks/plaid") },
  });
  return { publicToken: response.data.public_token };
}
