import { z } from "zod";
import { route } from "@/lib/http/route";
import { issueCardCode } from "@/lib/members/get-member-card";

export const dynamic = "force-dynamic";

const querySchema = z.object({ program: z.uuid("Expected the id of one of your memberships") });

/** A fresh rotating QR payload (and its SVG) for one of the member's cards; the card page refreshes with it. */
export const GET = route({ auth: "user", rateLimit: { name: "me-card", limit: 60, windowSeconds: 60 } }, async (req, { user }) => {
  const { program } = querySchema.parse({ program: req.nextUrl.searchParams.get("program") ?? undefined });
  const card = await issueCardCode(user.id, program);
  return Response.json(
    { memberId: card.memberId, code: card.code, payload: card.payload, expiresAt: card.expiresAt.toISOString(), svg: card.svg },
    { headers: { "cache-control": "private, no-store" } },
  );
});
