import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, LedgerTransactionKind, MemberStatus, StaffRole, WithdrawalStatus } from "@/lib/db/generated/enums";

export type PersonDetail = {
  id: string;
  email: string;
  name: string | null;
  isAdmin: boolean;
  deletedAt: Date | null;
  createdAt: Date;
  twoFactor: boolean;
  lockedAt: Date | null;
  lockedReason: string | null;
  staff: { providerId: string; providerName: string; role: StaffRole }[];
  memberships: {
    memberId: string;
    code: string;
    status: MemberStatus;
    programName: string;
    providerId: string;
    currency: Currency;
    pendingMinor: bigint;
    availableMinor: bigint;
    heldMinor: bigint;
  }[];
  movements: { transactionId: string; kind: LedgerTransactionKind; amount: bigint; currency: Currency; account: string; createdAt: Date }[];
  withdrawals: { id: string; amountMinor: bigint; currency: Currency; status: WithdrawalStatus; createdAt: Date }[];
  linkedAccounts: { id: string; label: string; status: string; linkedAt: Date }[];
  notifications: { id: string; kind: string; emailStatus: string; createdAt: Date }[];
  signIns: { id: string; ip: string; userAgent: string; createdAt: Date; endedAt: Date | null }[];
};

/** Everything support needs about one person; linked accounts only by institution and last digits. Null if unknown. */
export async function getPerson(db: DbOrTx, params: { userId: string }): Promise<PersonDetail | null> {
  const user = await db.user.findUnique({
    where: { id: params.userId },
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      deletedAt: true,
      createdAt: true,
      totpEnabledAt: true,
      lockedAt: true,
      lockedReason: true,
      staff: { select: { providerId: true, role: true, provider: { select: { name: true } } } },
      members: { orderBy: { joinedAt: "asc" }, select: { id: true, code: true, status: true, program: { select: { name: true, currency: true, providerId: true } } } },
    },
  });
  if (!user) return null;
  const memberIds = user.members.map((m) => m.id);
  const [accounts, entries, withdrawals, linked, notifications, signIns] = await Promise.all([
    db.ledgerAccount.findMany({ where: { ownerType: "MEMBER", ownerId: { in: memberIds } }, select: { ownerId: true, kind: true, currency: true, balance: true } }),
    db.ledgerEntry.findMany({
      where: { account: { ownerType: "MEMBER", ownerId: { in: memberIds } } },
      orderBy: { id: "desc" },
      take: 20,
      select: { transactionId: true, amount: true, currency: true, createdAt: true, account: { select: { kind: true } }, transaction: { select: { kind: true } } },
    }),
    db.withdrawal.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: 10, select: { id: true, amountMinor: true, currency: true, status: true, createdAt: true } }),
    db.linkedAccount.findMany({ where: { userId: user.id }, orderBy: { linkedAt: "desc" }, select: { id: true, institutionName: true, mask: true, status: true, linkedAt: true } }),
    db.notification.findMany({ where: { userId: user.id }, orderBy: { id: "desc" }, take: 10, select: { id: true, kind: true, emailStatus: true, createdAt: true } }),
    db.signIn.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: 10 }),
  ]);
  const balance = (memberId: string, kind: string) => accounts.find((a) => a.ownerId === memberId && a.kind === kind)?.balance ?? 0n;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
    deletedAt: user.deletedAt,
    createdAt: user.createdAt,
    twoFactor: user.totpEnabledAt !== null,
    lockedAt: user.lockedAt,
    lockedReason: user.lockedReason,
    staff: user.staff.map((s) => ({ providerId: s.providerId, providerName: s.provider.name, role: s.role })),
    memberships: user.members.map((m) => ({
      memberId: m.id,
      code: m.code,
      status: m.status,
      programName: m.program.name,
      providerId: m.program.providerId,
      currency: m.program.currency,
      pendingMinor: balance(m.id, "MEMBER_PENDING"),
      availableMinor: balance(m.id, "MEMBER_AVAILABLE"),
      heldMinor: balance(m.id, "MEMBER_HELD"),
    })),
    movements: entries.map((e) => ({ transactionId: e.transactionId.toString(), kind: e.transaction.kind, amount: e.amount, currency: e.currency, account: e.account.kind, createdAt: e.createdAt })),
    withdrawals,
    // Masked: the institution and the last digits only, never Plaid's ids or tokens.
    linkedAccounts: linked.map((l) => ({ id: l.id, label: `${l.institutionName ?? "Bank"}${l.mask ? ` •• ${l.mask}` : ""}`, status: l.status, linkedAt: l.linkedAt })),
    notifications: notifications.map((n) => ({ id: n.id.toString(), kind: n.kind, emailStatus: n.emailStatus, createdAt: n.createdAt })),
    signIns: signIns.map((s) => ({ id: s.id, ip: s.ip, userAgent: s.userAgent, createdAt: s.createdAt, endedAt: s.endedAt })),
  };
}
