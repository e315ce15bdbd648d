import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import { unitOfWork } from "@/lib/db/unit-of-work";
import { balanceOf, resolveMember } from "./internal";
import type { BalanceView } from "./schemas";

/** What a member holds in the program, and what they can spend now (available; pending and held cannot be). */
export async function getBalance(
  db: DbOrTx,
  input: { programId: string; customer: { email?: string; memberCode?: string; externalId?: string } | { memberId: string } },
): Promise<BalanceView> {
  return unitOfWork(db, async (sql) => {
    const member = await resolveMember(sql, input.programId, input.customer);
    return balanceOf(sql, member.memberId, member.currency);
  });
}
