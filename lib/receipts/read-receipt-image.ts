import "server-only";
import { db } from "@/lib/db/client";
import type { Roles } from "@/lib/auth/roles";
import { readStoredImage } from "@/lib/uploads/store-image";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored photo of a receipt for the member who sent it or the staff of its program's provider; null for
 * anyone else, exactly as for a receipt that does not exist (no hint that it does).
 */
export async function readReceiptImage(viewer: { id: string; roles: Roles }, receiptId: string): Promise<Buffer | null> {
  if (!UUID.test(receiptId)) return null;
  const receipt = await db.receipt.findUnique({
    where: { id: receiptId },
    select: { imageKey: true, member: { select: { userId: true } }, program: { select: { providerId: true } } },
  });
  if (!receipt) return null;
  const allowed = receipt.member.userId === viewer.id || viewer.roles.staff.some((s) => s.providerId === receipt.program.providerId);
  return allowed ? readStoredImage(receipt.imageKey) : null;
}
