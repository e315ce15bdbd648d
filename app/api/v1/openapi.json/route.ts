import { openApiDocument } from "@/lib/api/openapi";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of the public API (rendered at /docs/api). */
export const GET = route({ auth: "none" }, async () =>
  Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } }),
);
