import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { history, memberAccount, type HistoryItem } from "@/lib/ledger";
import { getMemberBalance } from "./get-member-balance";

export const MEMBER_HISTORY_PAGE_SIZE = 25;
const REWARDS_SHOWN = 50;
const SPENDS_SHOWN = 50;

export type MemberLedgerLine = HistoryItem & { account: "PENDING" | "AVAILABLE" };

const memberId = z.uuid();
const cursor = z.string().regex(/^\d{1,19}$/).transform((s) => BigInt(s));

/** A `?cursor=` value from the URL as a ledger entry id; anything malformed means "first page". */
export function parseHistoryCursor(value: string | null | undefined): bigint | null {
  const parsed = cursor.safeParse(value);
  return parsed.success && parsed.data > 0n ? parsed.data : null;
}

/**
 * One member of the provider's programs with balances, latest rewards and a page of the ledger history of
 * their pending and available accounts (merged, newest first). Null when the id is malformed or the member
 * belongs to another provider, so a guessed id reveals nothing.
 */
export async function getProgramMember(providerId: string, id: string, opts: { cursor?: bigint | null; limit?: number } = {}) {
  if (!memberId.safeParse(id).success) return null;
  const member = await db.member.findFirst({
    where: { id, program: { providerId } },
    select: {
      id: true,
      code: true,
      joinedAt: true,
      status: true,
      segment: true,
      tier: true,
      earningBlockedAt: true,
      earningBlockedReason: true,
      user: { select: { name: true, email: true } },
      program: { select: { id: true, name: true, currency: true } },
    },
  });
  if (!member) return null;
  const limit = Math.min(Math.max(opts.limit ?? MEMBER_HISTORY_PAGE_SIZE, 1), 100);
  const { currency } = member.program;
  const [balance, rewards, spends, pending, available] = await Promise.all([
    getMemberBalance(db, { programId: member.program.id, email: member.user.email }),
    db.reward.findMany({
      where: { memberId: member.id, programId: member.program.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: REWARDS_SHOWN,
      select: { id: true, status: true, amountMinor: true, currency: true, explanation: true, createdAt: true },
    }),
    // What the member spent with the provider (redemptions), newest first.
    db.redemption.findMany({
      where: { memberId: member.id, programId: member.program.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: SPENDS_SHOWN,
      select: { id: true, orderId: true, status: true, source: true, currency: true, amountHeld: true, amountCaptured: true, amountRefunded: true, createdAt: true },
    }),
    history(db, memberAccount(member.id, "MEMBER_PENDING", currency), { cursor: opts.cursor, limit }),
    history(db, memberAccount(member.id, "MEMBER_AVAILABLE", currency), { cursor: opts.cursor, limit }),
  ]);
  // Entry ids are global and increasing, so each account's newest `limit` entries below the cursor contain
  // the merged page's; the next page starts below the last line shown.
  const merged: MemberLedgerLine[] = [
    ...pending.items.map((i) => ({ ...i, account: "PENDING" as const })),
    ...available.items.map((i) => ({ ...i, account: "AVAILABLE" as const })),
  ].sort((a, b) => (a.entryId === b.entryId ? 0 : a.entryId > b.entryId ? -1 : 1));
  const lines = merged.slice(0, limit);
  const more = merged.length > limit || pending.nextCursor !== null || available.nextCursor !== null;
  const nextCursor = more ? (lines.at(-1)?.entryId ?? null) : null;
  return {
    member: {
      id: member.id,
      code: member.code,
      joinedAt: member.joinedAt,
      name: member.user.name,
      email: member.user.email,
      program: member.program,
      status: member.status,
      segment: member.segment,
      tier: member.tier,
      block: member.earningBlockedAt ? { at: member.earningBlockedAt, reason: member.earningBlockedReason ?? "" } : null,
    },
    balance,
    rewards,
    rewardsShown: REWARDS_SHOWN,
    spends,
    spendsShown: SPENDS_SHOWN,
    history: { lines, nextCursor },
  };
}

export type ProgramMemberDetail = NonNullable<Awaited<ReturnType<typeof getProgramMember>>>;
