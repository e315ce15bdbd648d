import type { Tx } from "@/lib/db/client";
import type { Actor } from "@/lib/rewards/actor";
import { issueReward } from "@/lib/rewards/issue-reward";
import { loadProgramSettings } from "@/lib/rewards/program-settings";

/**
 * When someone joins, purchases recorded earlier for their e-mail (before they were a member) become
 * theirs and are rewarded by the program's current settings.
 */
export async function claimPurchases(tx: Tx, input: { programId: string; member: { id: string; segment: string | null; tier: string | null }; email: string; actor: Actor }): Promise<number> {
  const orphans = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM purchases WHERE program_id = ${input.programId}::uuid AND member_id IS NULL AND customer_email = ${input.email}
     ORDER BY occurred_at FOR UPDATE SKIP LOCKED`;
  if (orphans.length === 0) return 0;
  const program = await loadProgramSettings(tx, input.programId);
  for (const { id } of orphans) {
    const purchase = await tx.purchase.update({
      where: { id },
      data: { memberId: input.member.id },
      select: { id: true, amountMinor: true, refundedMinor: true, currency: true, occurredAt: true, items: true },
    });
    await issueReward(tx, { program, purchase, member: input.member, actor: input.actor });
  }
  return orphans.length;
}
