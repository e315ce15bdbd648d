import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. */
export const GET = route({ auth: "none" }, async () => {
  await db.$queryRaw`SELECT 1`;
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
});
