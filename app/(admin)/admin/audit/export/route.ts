import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { auditFilterSchema, exportPlatformAuditCsv } from "@/lib/admin/list-platform-audit";

/** The platform audit log, filtered as on the page, as a CSV download (platform admins only). */
export const GET = route({ auth: "admin", rateLimit: { name: "audit-export", limit: 10, windowSeconds: 60 } }, async (req) => {
  const filter = auditFilterSchema.parse(Object.fromEntries(req.nextUrl.searchParams));
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportPlatformAuditCsv(db, filter), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
