import "server-only";
import { db } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";

export type ReceiptProgram = { programId: string; name: string; currency: Currency };

/** The programs the user may send receipts to: their active memberships. */
export async function listReceiptPrograms(userId: string): Promise<ReceiptProgram[]> {
  const members = await db.member.findMany({
    where: { userId, status: "ACTIVE", program: { published: true } },
    orderBy: { joinedAt: "asc" },
    select: { program: { select: { id: true, name: true, currency: true } } },
  });
  return members.map((m) => ({ programId: m.program.id, name: m.program.name, currency: m.program.currency }));
}
