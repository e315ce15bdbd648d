import "server-only";
import { db } from "@/lib/db/client";
import { LINKED_ACCOUNT_SELECT, type LinkedAccountView } from "./link-account";

/** The member's linked accounts that are still connected (or need them to log in again), newest first. */
export async function listLinkedAccounts(userId: string): Promise<LinkedAccountView[]> {
  return db.linkedAccount.findMany({ where: { userId, status: { not: "REVOKED" } }, orderBy: { linkedAt: "desc" }, select: LINKED_ACCOUNT_SELECT });
}
