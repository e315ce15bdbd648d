import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { ProviderStatus } from "@/lib/db/generated/enums";
import type { ProviderWhereInput } from "@/lib/db/generated/models";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AdminProviderRow = {
  id: string;
  name: string;
  slug: string;
  status: ProviderStatus;
  createdAt: Date;
  programs: number;
  staff: number;
};

/** The businesses on the platform, newest first, optionally filtered by a name/slug/owner e-mail search and a status. */
export async function listAdminProviders(db: DbOrTx, params: { q?: string; status?: ProviderStatus; take?: number } = {}): Promise<AdminProviderRow[]> {
  const q = params.q?.trim();
  const search: ProviderWhereInput[] = q
    ? [
        { name: { contains: q, mode: "insensitive" } },
        { slug: { contains: q.toLowerCase() } },
        { staff: { some: { user: { email: { contains: q.toLowerCase() } } } } },
        ...(UUID.test(q) ? [{ id: q }] : []),
      ]
    : [];
  const rows = await db.provider.findMany({
    where: { ...(params.status ? { status: params.status } : {}), ...(search.length ? { OR: search } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(params.take ?? 200, 1), 500),
    select: { id: true, name: true, slug: true, status: true, createdAt: true, _count: { select: { staff: true, programs: true } } },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, status: r.status, createdAt: r.createdAt, programs: r._count.programs, staff: r._count.staff }));
}
