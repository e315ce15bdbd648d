import "server-only";
import { db } from "@/lib/db/client";

export async function listProviders() {
  return db.provider.findMany({
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, name: true, slug: true, status: true, createdAt: true, _count: { select: { staff: true, programs: true } } },
  });
}
