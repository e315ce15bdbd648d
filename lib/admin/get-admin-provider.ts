import "server-only";
import type { DbOrTx } from "@/lib/db/client";
import type { Currency, ProviderStatus, StaffRole } from "@/lib/db/generated/enums";

const DAY_MS = 24 * 60 * 60 * 1000;

export type AdminProviderDetail = {
  id: string;
  name: string;
  slug: string;
  status: ProviderStatus;
  suspendedReason: string | null;
  suspendedAt: Date | null;
  createdAt: Date;
  programs: { id: string; name: string; slug: string; currency: Currency; published: boolean; members: number }[];
  staff: { userId: string; name: string | null; email: string; role: StaffRole }[];
  members: number;
  /** What the members of its programs hold (pending + available + held), per currency. */
  liability: { currency: Currency; amountMinor: bigint }[];
  billing: {
    /** Commission recorded per currency, and how much of it is on an invoice. */
    commission: { currency: Currency; recordedMinor: bigint; invoicedMinor: bigint }[];
    /** paymentFailed: Stripe's last attempt to collect it failed and it is not paid (dunning retries). */
    invoices: { id: string; period: Date; currency: Currency; amountMinor: bigint; payoutsMinor: bigint; status: string; hostedUrl: string | null; paymentFailed: boolean }[];
  };
  /** Guard hits in the last 30 days, per guard. */
  guardHits: { guard: string; count: number }[];
  /** Order deliveries (all channels) in the last 7 days. */
  deliveries: { accepted: number; rejected: number; lastAcceptedAt: Date | null; lastRejected: { at: Date; httpStatus: number; reason: string | null } | null };
  audit: { id: string; createdAt: Date; action: string; actorType: string; actorId: string | null; actorEmail: string | null; reason: string | null }[];
};

/** Everything a platform admin looks at before deciding about a business; null when it does not exist. */
export async function getAdminProvider(db: DbOrTx, params: { providerId: string; now?: Date }): Promise<AdminProviderDetail | null> {
  const now = params.now ?? new Date();
  const provider = await db.provider.findUnique({
    where: { id: params.providerId },
    select: {
      id: true,
      name: true,
      slug: true,
      status: true,
      suspendedReason: true,
      suspendedAt: true,
      createdAt: true,
      programs: { orderBy: { createdAt: "asc" }, select: { id: true, name: true, slug: true, currency: true, published: true, _count: { select: { members: true } } } },
      staff: { orderBy: { createdAt: "asc" }, select: { role: true, user: { select: { id: true, name: true, email: true } } } },
    },
  });
  if (!provider) return null;
  const programIds = provider.programs.map((p) => p.id);
  const inPrograms = { programId: { in: programIds } };
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);

  const [liability, recorded, invoiced, invoices, guardHits, deliveries, lastAccepted, lastRejected, audit] = await Promise.all([
    db.$queryRaw<{ currency: Currency; total: bigint }[]>`
      SELECT a.currency::text AS currency, sum(a.balance)::bigint AS total
        FROM ledger_accounts a
        JOIN members m ON a.owner_type = 'MEMBER' AND a.owner_id = m.id::text
        JOIN programs p ON p.id = m.program_id
       WHERE p.provider_id = ${provider.id}::uuid AND a.kind IN ('MEMBER_PENDING', 'MEMBER_AVAILABLE', 'MEMBER_HELD')
       GROUP BY a.currency`,
    db.billingRecord.groupBy({ by: ["currency"], where: { providerId: provider.id }, _sum: { commissionMinor: true } }),
    db.billingRecord.groupBy({ by: ["currency"], where: { providerId: provider.id, invoiceId: { not: null } }, _sum: { commissionMinor: true } }),
    db.providerInvoice.findMany({ where: { providerId: provider.id }, orderBy: { period: "desc" }, take: 12 }),
    db.guardHit.groupBy({ by: ["guard"], where: { ...inPrograms, createdAt: { gte: monthAgo } }, _sum: { hits: true } }),
    db.webhookDelivery.groupBy({ by: ["status"], where: { ...inPrograms, createdAt: { gte: weekAgo } }, _sum: { repeats: true } }),
    db.webhookDelivery.findFirst({ where: { ...inPrograms, status: "ACCEPTED" }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    db.webhookDelivery.findFirst({ where: { ...inPrograms, status: "REJECTED" }, orderBy: { createdAt: "desc" }, select: { createdAt: true, httpStatus: true, reason: true } }),
    db.auditLog.findMany({ where: { providerId: provider.id }, orderBy: { id: "desc" }, take: 25 }),
  ]);

  const actorIds = [...new Set(audit.flatMap((a) => (a.actorType === "USER" && a.actorId && /^[0-9a-f-]{36}$/i.test(a.actorId) ? [a.actorId] : [])))];
  const actors = actorIds.length ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } }) : [];
  const emailOf = new Map(actors.map((u) => [u.id, u.email]));
  const sumOf = (status: "ACCEPTED" | "REJECTED") => deliveries.find((d) => d.status === status)?._sum.repeats ?? 0;

  return {
    id: provider.id,
    name: provider.name,
    slug: provider.slug,
    status: provider.status,
    suspendedReason: provider.suspendedReason,
    suspendedAt: provider.suspendedAt,
    createdAt: provider.createdAt,
    programs: provider.programs.map((p) => ({ id: p.id, name: p.name, slug: p.slug, currency: p.currency, published: p.published, members: p._count.members })),
    staff: provider.staff.map((s) => ({ userId: s.user.id, name: s.user.name, email: s.user.email, role: s.role })),
    members: provider.programs.reduce((n, p) => n + p._count.members, 0),
    liability: liability.map((l) => ({ currency: l.currency, amountMinor: l.total })),
    billing: {
      commission: recorded.map((r) => ({
        currency: r.currency,
        recordedMinor: r._sum.commissionMinor ?? 0n,
        invoicedMinor: invoiced.find((i) => i.currency === r.currency)?._sum.commissionMinor ?? 0n,
      })),
      invoices: invoices.map((i) => ({
        id: i.id,
        period: i.period,
        currency: i.currency,
        amountMinor: i.amountMinor,
        payoutsMinor: i.payoutsMinor,
        status: i.status,
        hostedUrl: i.hostedUrl,
        paymentFailed: i.paymentFailedAt !== null && i.status !== "paid" && i.status !== "void",
      })),
    },
    guardHits: guardHits.map((g) => ({ guard: g.guard, count: g._sum.hits ?? 0 })).sort((a, b) => b.count - a.count),
    deliveries: {
      accepted: sumOf("ACCEPTED"),
      rejected: sumOf("REJECTED"),
      lastAcceptedAt: lastAccepted?.createdAt ?? null,
      lastRejected: lastRejected ? { at: lastRejected.createdAt, httpStatus: lastRejected.httpStatus, reason: lastRejected.reason } : null,
    },
    audit: audit.map((a) => ({
      id: a.id.toString(),
      createdAt: a.createdAt,
      action: a.action,
      actorType: a.actorType,
      actorId: a.actorId,
      actorEmail: a.actorId ? (emailOf.get(a.actorId) ?? null) : null,
      reason: a.reason,
    })),
  };
}
