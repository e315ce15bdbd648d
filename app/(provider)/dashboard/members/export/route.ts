import { DomainError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { exportMembersCsv } from "@/lib/members/export-members-csv";
import { listProgramMembers } from "@/lib/members/list-program-members";
import { PROVIDER_COOKIE } from "@/lib/providers/require-staff";

const BATCH = 500;

/** Every page of the provider's members, oldest first so members joining meanwhile cannot shift the pages. */
async function* memberPages(providerId: string, q: string) {
  for (let page = 1; ; page++) {
    const list = await listProgramMembers(providerId, { q, page, limit: BATCH, order: "oldest" });
    yield list.items;
    if (page >= list.pageCount) return;
  }
}

/** The members list as a CSV download, for owners and managers of the business chosen in the dashboard. */
export const GET = route({ auth: "user", rateLimit: { name: "members-export", limit: 10, windowSeconds: 60 } }, async (req, { user }) => {
  // The same business the dashboard shows: the switcher's choice when the caller manages it, else their first.
  const grants = user.roles.staff.filter((s) => s.role === "OWNER" || s.role === "MANAGER");
  const chosen = req.cookies.get(PROVIDER_COOKIE)?.value;
  const grant = grants.find((g) => g.providerId === chosen) ?? grants[0];
  if (!grant) throw new DomainError("FORBIDDEN", "Only a business's owners and managers can export its members.");
  const q = (req.nextUrl.searchParams.get("q") ?? "").trim().slice(0, 100);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportMembersCsv(memberPages(grant.providerId, q)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="members-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
