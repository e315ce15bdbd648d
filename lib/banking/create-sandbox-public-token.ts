import "server-only";
import { Products, type PlaidApi } from "plaid";
import { appUrl } from "@/lib/app-url";
import { DomainError } from "@/lib/errors";
import { plaidClient, plaidMode } from "@/lib/plaid/client";

/** Test banks offered by the stand-in Link dialog: institutions of Plaid's own sandbox environment. */
export const TEST_BANKS = [
  { institution_id: "ins_109508", name: "First Platypus Bank" },
  { institution_id: "ins_109511", name: "Tartan Bank" },
  { institution_id: "ins_109512", name: "Houndstooth Bank" },
] as const;

/** Link without Plaid's Link UI, for the offline sandbox and Plaid's own sandbox environment only. */
export function sandboxLinkAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return plaidMode(env) === "sandbox" || (env.PLAID_ENV ?? "sandbox") === "sandbox";
}

/** A sandbox public token for a test bank (/sandbox/public_token/create), handed to the normal exchange. */
export async function createSandboxPublicToken(institutionId: string, client: PlaidApi = plaidClient()): Promise<{ publicToken: string }> {
  if (!sandboxLinkAllowed()) throw new DomainError("FORBIDDEN", "Test banks are only available in the sandbox.");
  if (!TEST_BANKS.some((i) => i.institution_id === institutionId)) throw new DomainError("VALIDATION", "Choose one of the test banks.", { field: "institutionId" });
  const response = await client.sandboxPublicTokenCreate({
    institution_id: institutionId,
    initial_products: [Products.Transactions],
    options: { webhook: appUrl("/api/webhooks/plaid") },
  });
  return { publicToken: response.data.public_token };
}
