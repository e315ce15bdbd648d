import "server-only";
import { z } from "zod";
import type { DbOrTx, Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { memberAccount, memberBalances, post, providerAccount } from "@/lib/ledger";
import { formatMoney } from "@/lib/money/format";
import type { Actor } from "@/lib/rewards/actor";
import { postReversal, REWARD_ROW, transition } from "@/lib/rewards/postings";
import { recoverOutstanding } from "@/lib/rewards/recover-outstanding";

/** What a member holds in one program, as the delete page shows it and the confirmation must name it. */
export type HeldInProgram = {
  memberId: string;
  programName: string;
  programSlug: string;
  currency: Currency;
  availableMinor: bigint;
  pendingMinor: bigint;
  /** Set aside for a withdrawal or a payment in progress: deletion waits until it is done. */
  heldMinor: bigint;
};

/** The member's confirmation: for every program where they hold money, the amounts they give up. */
export const forfeitSchema = z
  .array(
    z.object({
      memberId: z.uuid("Unknown membership"),
      availableMinor: z.string().regex(/^\d{1,18}$/, "An amount in minor units"),
      pendingMinor: z.string().regex(/^\d{1,18}$/, "An amount in minor units"),
    }),
  )
  .max(200);
export type Forfeit = z.infer<typeof forfeitSchema>;

/** Every program where the user holds money (available, pending or held), with the amounts. */
export async function moneyAtDeletion(db: DbOrTx, userId: string): Promise<HeldInProgram[]> {
  const members = await db.member.findMany({
    where: { userId },
    orderBy: { joinedAt: "asc" },
    select: { id: true, program: { select: { name: true, slug: true, currency: true } } },
  });
  const balances = await memberBalances(db, members.map((m) => m.id));
  return members.flatMap((m) => {
    const b = balances.get(m.id)!;
    if (b.available + b.pending + b.held <= 0n) return [];
    return [{ memberId: m.id, programName: m.program.name, programSlug: m.program.slug, currency: m.program.currency, availableMinor: b.available, pendingMinor: b.pending, heldMinor: b.held }];
  });
}

function describe(h: Pick<HeldInProgram, "programName" | "currency" | "availableMinor" | "pendingMinor">): string {
  return `${formatMoney(h.availableMinor, h.currency)} available and ${formatMoney(h.pendingMinor, h.currency)} pending in ${h.programName}`;
}

/**
 * Refuses a deletion the member has not confirmed for exactly what they hold now: money held for a withdrawal
 * or payment in progress (wait for it), money not named in the confirmation, or amounts that changed since.
 */
export function checkForfeit(held: HeldInProgram[], forfeit: Forfeit): void {
  for (const h of held) {
    if (h.heldMinor > 0n) {
      throw new DomainError("CONFLICT", `${formatMoney(h.heldMinor, h.currency)} in ${h.programName} is set aside for a withdrawal or payment in progress. Delete your account once it is done.`);
    }
    const named = forfeit.find((f) => f.memberId === h.memberId);
    if (!named) {
      throw new DomainError("VALIDATION", `You still hold ${describe(h)}. Withdraw it first, or confirm that you give it up.`, { field: "forfeit" });
    }
    if (BigInt(named.availableMinor) !== h.availableMinor || BigInt(named.pendingMinor) !== h.pendingMinor) {
      throw new DomainError("CONFLICT", `Your balance changed: you now hold ${describe(h)}. Review it and confirm again.`);
    }
  }
}

/**
 * What a deleted account leaves (docs/money-rules.md, "Deleted accounts"), in the caller's transaction, after
 * the member's money was checked against their confirmation (checkForfeit):
 * 1. what the member still owes back in the program is recovered from the available balance first;
 * 2. pending cashback (still inside its hold) and rewards awaiting review are cancelled: nobody can receive them;
 * 3. the rest of the available balance moves to the business's unclaimed funds (PROVIDER_UNCLAIMED), one
 *    ADJUSTMENT per membership — no longer owed to a member, and not the business's income.
 */
export async function settleDeletedMember(tx: Tx, memberId: string, actor: Actor): Promise<{ unclaimedMinor: bigint; cancelledMinor: bigint }> {
  const member = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { program: { select: { providerId: true, currency: true } } } });
  const { providerId, currency } = member.program;
  await recoverOutstanding(tx, memberId, actor);

  const open = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM rewards WHERE member_id = ${memberId}::uuid AND status IN ('PENDING', 'PENDING_REVIEW', 'HELD') ORDER BY id FOR UPDATE`;
  let cancelledMinor = 0n;
  const reason = "account deleted by the member";
  for (const { id } of open) {
    const reward = await tx.reward.findUniqueOrThrow({ where: { id }, select: REWARD_ROW });
    const data = { amountMinor: 0n, reversedMinor: reward.reversedMinor + reward.amountMinor };
    if (reward.status === "PENDING") {
      const posted = reward.amountMinor > 0n ? await postReversal(tx, reward, { providerId }, "MEMBER_PENDING", reward.amountMinor, `reward:${id}:account-deleted`, reason) : null;
      await transition(tx, reward, "REVERSED", { actor, reason, amountMinor: reward.amountMinor, ledgerTransactionId: posted?.transactionId ?? null, data });
      cancelledMinor += reward.amountMinor;
    } else {
      await transition(tx, reward, "REJECTED", { actor, reason, amountMinor: reward.amountMinor, data });
    }
  }

  await tx.$queryRaw`SELECT id FROM ledger_accounts WHERE owner_type = 'MEMBER' AND owner_id = ${memberId} AND kind = 'MEMBER_AVAILABLE' FOR UPDATE`;
  const available = (await memberBalances(tx, [memberId])).get(memberId)!.available;
  if (available > 0n) {
    await post(tx, {
      idempotencyKey: `member:${memberId}:unclaimed`,
      kind: "ADJUSTMENT",
      reference: { type: "member", id: memberId },
      metadata: { reason: "account deleted: balance moved to the business's unclaimed funds" },
      entries: [
        { account: memberAccount(memberId, "MEMBER_AVAILABLE", currency), amount: -available },
        { account: providerAccount(providerId, "PROVIDER_UNCLAIMED", currency), amount: available },
      ],
    });
  }
  return { unclaimedMinor: available, cancelledMinor };
}
