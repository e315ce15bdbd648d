import type { DbOrTx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { memberBalances } from "@/lib/ledger";

/** Lifetime = what was credited and not taken back by refunds: rewards issued (pending, available, or expired: what was spent of it stands). */
export const LIFETIME_STATUSES = ["PENDING", "AVAILABLE", "EXPIRED"] as const;

export type MemberBalance = {
  memberId: string;
  currency: Currency;
  pending: bigint;
  available: bigint;
  held: bigint;
  /**
   * Cashback earned in the program over time: the amounts of the member's issued rewards (pending or
   * available), i.e. what was credited less what refunds took back. Spending or withdrawing does not lower
   * it; rewards still in review, held, rejected or fully reversed do not count.
   */
  lifetime: bigint;
};

/** The balances of the program's member with this e-mail address (pending, available, held from the ledger). */
export async function getMemberBalance(db: DbOrTx, input: { programId: string; email: string }): Promise<MemberBalance> {
  const program = await db.program.findUnique({ where: { id: input.programId }, select: { currency: true } });
  if (!program) throw new DomainError("NOT_FOUND", "No program has that id.", { field: "programId" });
  const email = input.email.trim().toLowerCase();
  const member = await db.member.findFirst({ where: { programId: input.programId, user: { email } }, select: { id: true } });
  if (!member) throw new DomainError("NOT_FOUND", `No member of this program has the e-mail ${email}.`, { field: "email" });
  const [balances, lifetime] = await Promise.all([
    memberBalances(db, [member.id]),
    db.reward.aggregate({ where: { memberId: member.id, status: { in: [...LIFETIME_STATUSES] } }, _sum: { amountMinor: true } }),
  ]);
  const b = balances.get(member.id) ?? { pending: 0n, available: 0n, held: 0n };
  return { memberId: member.id, currency: program.currency, ...b, lifetime: lifetime._sum.amountMinor ?? 0n };
}
