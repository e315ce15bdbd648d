import { db } from "@/lib/db/client";
import { jsonResponse } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { getBalance } from "@/lib/redemptions/get-balance";
import { balanceQuerySchema } from "@/lib/redemptions/schemas";

export const dynamic = "force-dynamic";
export const schemas = { query: balanceQuerySchema };

/** GET …/balance?email=|memberCode=|externalId= — what the customer can spend (docs/integrations/redemptions.md). */
export const GET = route<{ programId: string }, "apiKey">({ auth: "apiKey", scope: "balances:read" }, async (req, { params }) => {
  const query = balanceQuerySchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  return jsonResponse(await getBalance(db, { programId: params.programId, customer: query }));
});
