import { db as rootDb, type Tx } from "@/lib/db/client";
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
     ORDER BY occurred_at FOR UPDATE`;
  if (orphans.length === 0) return 0;
  const program = await loadProgramSettings(tx, input.programId);
  // Read here, not trusted from the caller: a member the business blocked earns nothing from these either.
  const blocked = await tx.member.findUnique({ where: { id: input.member.id }, select: { earningBlockedAt: true } });
  const member = { ...input.member, earningBlocked: blocked?.earningBlockedAt != null };
  for (const { id } of orphans) {
    const purchase = await tx.purchase.update({
      where: { id },
      data: { memberId: input.member.id },
      select: { id: true, source: true, amountMinor: true, refundedMinor: true, currency: true, occurredAt: true, items: true },
    });
    await issueReward(tx, { program, purchase, member, actor: input.actor });
  }
  return orphans.length;
}

/**
 * Safety net for a purchase that committed while its customer was joining (neither saw the other): claims
 * every unclaimed purchase whose e-mail now belongs to a member of the program. Run by the worker.
 */
export async function claimOrphanPurchases(opts: { limit?: number } = {}): Promise<{ claimed: number }> {
  // Only active members: someone who has not paid for their membership yet is claimed when they have.
  const pairs = await rootDb.$queryRaw<{ program_id: string; member_id: string; email: string; segment: string | null; tier: string | null }[]>`
    SELECT DISTINCT p.program_id, m.id AS member_id, u.email, m.segment, m.tier
      FROM purchases p
      JOIN users u ON u.email = p.customer_email
      JOIN members m ON m.user_id = u.id AND m.program_id = p.program_id AND m.status = 'ACTIVE'
     WHERE p.member_id IS NULL
     LIMIT ${opts.limit ?? 500}`;
  let claimed = 0;
  for (const pair of pairs) {
    claimed += await rootDb.$transaction((tx) =>
      claimPurchases(tx, { programId: pair.program_id, member: { id: pair.member_id, segment: pair.segment, tier: pair.tier }, email: pair.email, actor: { type: "SYSTEM", id: "claim-sweep" } }),
    );
  }
  return { claimed };
}
