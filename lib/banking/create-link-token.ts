import "server-only";
import { CountryCode, Products, type PlaidApi } from "plaid";
import { appUrl } from "@/lib/app-url";
import { plaidClient } from "@/lib/plaid/client";

/** A Plaid Link token for one member (Link shows their institutions and returns a public token). */
export async function createLinkToken(userId: string, client: PlaidApi = plaidClient()): Promise<{ linkToken: string; expiration: string }> {
  const response = await client.linkTokenCreate({
    user: { client_user_id: userId },
    client_name: "Boomerang",
    products: [Products.Transactions],
    country_codes: [CountryCode.Us, CountryCode.Gb, CountryCode.Fr, CountryCode.De, CountryCode.Es, CountryCode.Nl, CountryCode.Ie],
    language: "en",
    webhook: appUrl("/api/webhooks/plaid"),
  });
  return { linkToken: response.data.link_token, expiration: response.data.expiration };
}
