import { route } from "@/lib/http/route";
import { countUnread } from "@/lib/notifications/count-unread";

/** How many unread notifications the signed-in person has (for the header bell to poll). */
export const GET = route({ auth: "user", rateLimit: { name: "me-notifications", limit: 120, windowSeconds: 60 } }, async (_req, { user }) => {
  return Response.json({ unread: await countUnread(user.id) }, { headers: { "cache-control": "private, no-store" } });
});
