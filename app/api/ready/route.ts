import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { readiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

/**
 * Readiness, for load balancers: 200 when this instance can serve (database reachable, every migration of
 * this release applied), else 503 with what is missing. Liveness is GET /api/health.
 */
export const GET = route({ auth: "none" }, async () => {
  const state = await readiness(db);
  return Response.json(state, { status: state.ready ? 200 : 503, headers: { "cache-control": "no-store", ...(state.ready ? {} : { "retry-after": "5" }) } });
});
