import "server-only";
import { CountryCode, Products, type LinkTokenCreateRequest, type PlaidApi } from "plaid";
import { appUrl } from "@/lib/app-url";
import { plaidClient } from "@/lib/plaid/client";

/**
 * A Plaid Link token for one member: Link shows their institutions and returns a public token. With an item's
 * access token it opens Link in update mode instead, where the member logs in to that bank again.
 */
export async function createLinkToken(userId: string, client: PlaidApi = plaidClient(), opts: { accessToken?: string } = {}): Promise<{ linkToken: string; expiration: string }> {
  const request: LinkTokenCreateRequest = {
    user: { client_user_id: userId },
    client_name: "Boomerang",
    country_codes: [CountryCode.Us, CountryCode.Gb, CountryCode.Fr, CountryCode.De, CountryCode.Es, CountryCode.Nl, CountryCode.Ie],
    language: "en",
    webhook: appUrl("/api/webhooks/plaid"),
    // Update mode takes the item's products as they are; asking for products there is an error.
    ...(opts.accessToken ? { access_token: opts.accessToken } : { products: [Products.Transactions] }),
  };
  const response = await client.linkTokenCreate(request);
  return { linkToken: response.data.link_token, expiration: response.data.expiration };
}
