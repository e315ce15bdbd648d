import "server-only";
import { db } from "@/lib/db/client";

export async function getProviderOverview(providerId: string) {
  const [programs, members, staff] = await Promise.all([
    db.program.count({ where: { providerId } }),
    db.member.count({ where: { program: { providerId } } }),
    db.staffMember.count({ where: { providerId } }),
  ]);
  return { programs, members, staff };
}
