import "server-only";
import { db } from "@/lib/db/client";
import type { Currency, WithdrawalStatus } from "@/lib/db/generated/enums";
import { memberBalances } from "@/lib/ledger";
import { outstandingMinor } from "@/lib/rewards/recover-outstanding";
import { minWithdrawalMinor, withdrawalLimits } from "./limits";
import { payoutAccountState, refreshPayoutAccount, type PayoutAccountState } from "./payout-account";

const HOUR = 60 * 60 * 1000;

export type WithdrawPage = {
  /** availableMinor is what may be withdrawn: the available balance less what is owed back (owedBackMinor). */
  memberships: { memberId: string; programName: string; currency: Currency; availableMinor: bigint; owedBackMinor: bigint }[];
  accounts: { id: string; label: string; usableAt: Date; usable: boolean }[];
  withdrawals: { id: string; programName: string; amountMinor: bigint; currency: Currency; status: WithdrawalStatus; account: string; failureReason: string | null; createdAt: Date }[];
  /** The smallest withdrawal, per currency of the member's programs. */
  minMinor: Partial<Record<Currency, bigint>>;
  cooldownHours: number;
  /** The member's Stripe payout account (lib/withdrawals/payout-account.ts). */
  payoutAccount: PayoutAccountState;
};

const accountLabel = (a: { institutionName: string | null; accountName: string | null; mask: string | null }) =>
  [a.institutionName ?? "Bank account", a.accountName, a.mask ? `•• ${a.mask}` : null].filter(Boolean).join(" · ");

/** What the withdraw screen needs: where money can come from, where it can go, and what happened before. */
export async function getWithdrawPage(userId: string, now = new Date(), opts: { backFromStripe?: boolean } = {}): Promise<WithdrawPage> {
  const limits = withdrawalLimits();
  // Back from Stripe's onboarding: converge now (which also sends withdrawals that waited for it).
  const payoutAccount = opts.backFromStripe ? await refreshPayoutAccount(db, userId) : await payoutAccountState(db, userId);
  const [members, accounts, withdrawals] = await Promise.all([
    db.member.findMany({ where: { userId, program: { currency: { not: "PTS" } } }, orderBy: { joinedAt: "asc" }, select: { id: true, program: { select: { name: true, currency: true } } } }),
    db.linkedAccount.findMany({ where: { userId, status: "ACTIVE" }, orderBy: { linkedAt: "asc" }, select: { id: true, institutionName: true, accountName: true, mask: true, linkedAt: true } }),
    db.withdrawal.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        status: true,
        failureReason: true,
        createdAt: true,
        member: { select: { program: { select: { name: true } } } },
        linkedAccount: { select: { institutionName: true, accountName: true, mask: true } },
      },
    }),
  ]);
  const balances = await memberBalances(db, members.map((m) => m.id));
  // A refund after the hold that the balance could not cover is owed back first (docs/money-rules.md).
  const owed = await Promise.all(members.map((m) => outstandingMinor(db, m.id)));
  return {
    memberships: members.map((m, i) => {
      const available = balances.get(m.id)?.available ?? 0n;
      const owedBack = owed[i]! < available ? owed[i]! : available;
      return { memberId: m.id, programName: m.program.name, currency: m.program.currency, availableMinor: available - owedBack, owedBackMinor: owedBack };
    }),
    accounts: accounts.map((a) => {
      const usableAt = new Date(a.linkedAt.getTime() + limits.cooldownHours * HOUR);
      return { id: a.id, label: accountLabel(a), usableAt, usable: usableAt <= now };
    }),
    withdrawals: withdrawals.map((w) => ({
      id: w.id,
      programName: w.member.program.name,
      amountMinor: w.amountMinor,
      currency: w.currency,
      status: w.status,
      account: accountLabel(w.linkedAccount),
      failureReason: w.failureReason,
      createdAt: w.createdAt,
    })),
    minMinor: Object.fromEntries(members.map((m) => [m.program.currency, minWithdrawalMinor(m.program.currency, limits)])),
    cooldownHours: limits.cooldownHours,
    payoutAccount,
  };
}
