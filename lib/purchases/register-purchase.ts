import { randomUUID } from "node:crypto";
import type { Db, DbOrTx, Tx } from "@/lib/db/client";
import type { Currency, GuardKind, RewardStatus } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { cashierCapFor } from "@/lib/providers/cashier-cap";
import { assertProviderOpen } from "@/lib/providers/provider-status";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import type { Json } from "@/lib/ledger";
import { isCardPayload, readCardPayload } from "@/lib/members/card-token";
import { normaliseMemberCode } from "@/lib/members/member-code";
import { formatMoney } from "@/lib/money/format";
import type { Roles } from "@/lib/auth/roles";
import { evaluatePurchase } from "@/lib/rewards/issue-reward";
import { loadProgramSettings } from "@/lib/rewards/program-settings";
import { recordPurchase } from "./record-purchase";

export type RegisterMember = { memberId: string; code: string; programId: string; program: string; currency: Currency; firstName: string; segment: string | null; tier: string | null };

/**
 * The member of one of this provider's programs with this short code, as the register shows them: first
 * name only, for privacy.
 */
export async function findRegisterMember(db: DbOrTx, providerId: string, rawCode: string): Promise<RegisterMember> {
  let code: string | null;
  if (isCardPayload(rawCode)) {
    const card = readCardPayload(rawCode);
    if (!card.ok && card.reason === "expired") throw new DomainError("VALIDATION", "This card code has expired: ask the member to open their card again, or type the code under the QR.", { field: "memberCode" });
    if (!card.ok) throw new DomainError("VALIDATION", "This QR code is not a Boomerang member card.", { field: "memberCode" });
    code = card.code;
  } else code = normaliseMemberCode(rawCode);
  if (!code) throw new DomainError("VALIDATION", "A member code has 8 letters and digits, like K7QM-4XTR.", { field: "memberCode" });
  const member = await db.member.findFirst({
    where: { code, program: { providerId } },
    select: { id: true, code: true, segment: true, tier: true, program: { select: { id: true, name: true, currency: true } }, user: { select: { name: true } } },
  });
  if (!member) throw new DomainError("NOT_FOUND", "No member of this business has that code.", { field: "memberCode" });
  return {
    memberId: member.id,
    code: member.code,
    programId: member.program.id,
    program: member.program.name,
    currency: member.program.currency,
    firstName: member.user.name?.trim().split(/\s+/)[0] || "Member",
    segment: member.segment,
    tier: member.tier,
  };
}

/**
 * Who may use the register of a provider: any of its staff (owner, manager, cashier). Someone who is staff
 * nowhere is forbidden; staff of other businesses are told this one does not exist (no tenant probing).
 */
export function assertRegisterAccess(roles: Roles, providerId: string): void {
  if (roles.staff.length === 0) throw new DomainError("FORBIDDEN", "Only a business's staff can use the cash register.");
  if (!roles.staff.some((s) => s.providerId === providerId)) throw new DomainError("NOT_FOUND", "That business does not exist or you are not part of it.");
}

export type RegisterPurchaseInput = {
  providerId: string;
  /** The signed-in staff member at the till; authorisation is the caller's job (assertRegisterAccess). */
  cashierUserId: string;
  memberCode: string;
  amountMinor: bigint;
  /** The till's receipt number; registering the same one twice is refused. A new uuid when left out. */
  receiptId?: string;
  now?: Date;
};

export type RegisteredPurchase = {
  purchaseId: string;
  receiptId: string;
  rewardId: string;
  amountMinor: bigint;
  currency: Currency;
  status: RewardStatus;
  explanation: string;
  firstName: string;
};

export type Hit = { programId: string; guard: GuardKind; subject: string; details: { [key: string]: Json } };

/** A guard said no inside the transaction: roll it back, then count the hit outside it. */
export class Refusal extends Error {
  constructor(
    readonly error: DomainError,
    readonly hit: Hit,
  ) {
    super(error.message);
  }
}

const DAY = 24 * 60 * 60 * 1000;
const ISSUED = ["PENDING_REVIEW", "HELD", "PENDING", "AVAILABLE"] as const;

/** Cashback this cashier's register sales produced in the program on the UTC day of `now` (not rejected or reversed). */
async function issuedByCashierOn(tx: Tx, programId: string, cashierUserId: string, now: Date): Promise<bigint> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sum = await tx.reward.aggregate({
    where: {
      programId,
      status: { in: [...ISSUED] },
      purchase: { source: "REGISTER", cashierUserId, occurredAt: { gte: start, lt: new Date(start.getTime() + DAY) } },
    },
    _sum: { amountMinor: true },
  });
  return sum._sum.amountMinor ?? 0n;
}

/**
 * A sale at the in-store register: finds the member by their code among the provider's programs, records
 * the purchase (source REGISTER, once per receipt id) and rewards it as the program's rules and processing
 * mode say. Guards: a replayed receipt id is refused (409), and so is a sale whose reward would take the
 * cashier past their daily cap (their own, else the program's) (the reward is evaluated first; nothing changes). One cashier's
 * sales are serialised by an advisory lock, so concurrent ones cannot both slip under the cap.
 */
export async function registerPurchase(db: Db, input: RegisterPurchaseInput): Promise<RegisteredPurchase> {
  try {
    return await db.$transaction((tx) => registerPurchaseIn(tx, input), { maxWait: 15_000, timeout: 20_000 });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await recordGuardHit(db, error.hit);
    throw error.error;
  }
}

/**
 * Serialises one cashier's register work (sales and payments with cashback) to the end of the transaction,
 * so the next one reads the daily totals this one commits. Re-entrant within a transaction.
 */
export async function lockCashier(tx: Tx, cashierUserId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`register:cashier:${cashierUserId}`}, 0))`;
}

/** The business may use its register: it exists and is active. */
export async function assertProviderActive(tx: Tx, providerId: string): Promise<void> {
  await assertProviderOpen(tx, providerId);
}

/**
 * registerPurchase inside the caller's transaction (a sale paid partly with cashback records both in one).
 * A guard's refusal is thrown as a Refusal: the caller rolls back, then records its hit.
 */
export async function registerPurchaseIn(tx: Tx, input: RegisterPurchaseInput): Promise<RegisteredPurchase> {
  if (input.amountMinor <= 0n) throw new DomainError("VALIDATION", "The basket amount must be above zero.", { field: "amountMinor" });
  const receiptId = input.receiptId?.trim() || randomUUID();
  if (receiptId.length > 100) throw new DomainError("VALIDATION", "A receipt id has at most 100 characters.", { field: "receiptId" });
  const now = input.now ?? new Date();
  await assertProviderActive(tx, input.providerId);
  await lockCashier(tx, input.cashierUserId);
  const member = await findRegisterMember(tx, input.providerId, input.memberCode);
  const program = await loadProgramSettings(tx, member.programId);

  const replay: Hit = { programId: program.id, guard: "RECEIPT_REPLAY", subject: receiptId, details: { cashierUserId: input.cashierUserId, memberId: member.memberId } };
  const replayed = new Refusal(new DomainError("CONFLICT", "This receipt was already registered.", { field: "receiptId" }), replay);
  const seen = await tx.purchase.findUnique({ where: { programId_source_orderId: { programId: program.id, source: "REGISTER", orderId: receiptId } }, select: { id: true } });
  if (seen) throw replayed;

  // The cashier's own cap, set on the Staff page, wins over the program's default in programs of its currency.
  const staff = await tx.staffMember.findUnique({ where: { userId_providerId: { userId: input.cashierUserId, providerId: input.providerId } }, select: { dailyCapMinor: true, dailyCapCurrency: true } });
  const capMinor = cashierCapFor(staff && { capMinor: staff.dailyCapMinor, capCurrency: staff.dailyCapCurrency }, { currency: program.currency, capMinor: program.cashierDailyCapMinor });
  if (capMinor != null) {
    const purchase = { id: "", source: "REGISTER" as const, amountMinor: input.amountMinor, refundedMinor: 0n, currency: program.currency, occurredAt: now, items: null };
    const { evaluation } = await evaluatePurchase(tx, program, purchase, { id: member.memberId, segment: member.segment, tier: member.tier }, now);
    const rewardMinor = evaluation?.amountMinor ?? 0n;
    const issued = rewardMinor > 0n ? await issuedByCashierOn(tx, program.id, input.cashierUserId, now) : 0n;
    if (rewardMinor > 0n && issued + rewardMinor > capMinor) {
      const money = (v: bigint) => formatMoney(v, program.currency);
      const message =
        `Daily limit reached: you may issue at most ${money(capMinor)} of cashback a day. ` +
        `You have issued ${money(issued)} today and this sale would add ${money(rewardMinor)}.`;
      throw new Refusal(new DomainError("CONFLICT", message, { field: "amountMinor" }), {
        programId: program.id,
        guard: "CASHIER_CAP",
        subject: input.cashierUserId,
        details: { capMinor: capMinor.toString(), issuedTodayMinor: issued.toString(), rewardMinor: rewardMinor.toString(), memberId: member.memberId, receiptId },
      });
    }
  }

  const outcome = await recordPurchase(tx, {
    programId: program.id,
    source: "REGISTER",
    orderId: receiptId,
    origin: { cashierUserId: input.cashierUserId, receiptId: input.receiptId?.trim() || null },
    amountMinor: input.amountMinor,
    currency: program.currency,
    customer: { memberId: member.memberId, memberCode: member.code },
    occurredAt: now,
    cashierUserId: input.cashierUserId,
    actor: { type: "USER", id: input.cashierUserId },
  });
  // Another cashier registered the same receipt at the same moment: the unique key let one through.
  if (outcome.status === "duplicate") throw replayed;
  if (!outcome.reward) throw new Error("a member's purchase was recorded without a reward");
  const reward = await tx.reward.findUniqueOrThrow({ where: { id: outcome.reward.id }, select: { explanation: true } });
  return {
    purchaseId: outcome.purchaseId,
    receiptId,
    rewardId: outcome.reward.id,
    amountMinor: outcome.reward.amountMinor,
    currency: outcome.reward.currency,
    status: outcome.reward.status,
    explanation: reward.explanation,
    firstName: member.firstName,
  };
}
