import { route } from "@/lib/http/route";
import { getWallet, walletToJson } from "@/lib/members/get-wallet";

export const dynamic = "force-dynamic";

/** The signed-in member's wallet (balances, pending schedule, next steps), polled by the wallet page. */
export const GET = route({ auth: "user" }, async (_req, { user }) => {
  const wallet = await getWallet(user.id);
  return Response.json(walletToJson(wallet), { headers: { "cache-control": "private, no-store" } });
});
