import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { requireProviderProgram } from "./get-integration";

/** The program's latest inbound order events, newest first, with their outcome. */
export async function listDeliveries(db: DbOrTx, providerId: string, programId: string, limit = 50) {
  await requireProviderProgram(db, providerId, programId);
  return db.webhookDelivery.findMany({
    where: { programId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(limit, 1), 200),
    select: { id: true, createdAt: true, channel: true, eventType: true, orderId: true, status: true, httpStatus: true, reason: true },
  });
}

export type Delivery = Awaited<ReturnType<typeof listDeliveries>>[number];
