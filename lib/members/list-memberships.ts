import "server-only";
import { db } from "@/lib/db/client";

export async function listMemberships(userId: string) {
  return db.member.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: { id: true, code: true, joinedAt: true, program: { select: { name: true, slug: true, currency: true, brandColor: true } } },
  });
}
