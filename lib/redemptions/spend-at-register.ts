import "server-only";
import type { Db, DbOrTx, Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { DomainError } from "@/lib/errors";
import { recordGuardHit } from "@/lib/guards/record-guard-hit";
import { memberBalances } from "@/lib/ledger";
import { formatMoney } from "@/lib/money/format";
import { cashierCapFor } from "@/lib/providers/cashier-cap";
import {
  assertProviderActive,
  findRegisterMember,
  lockCashier,
  Refusal,
  registerPurchaseIn,
  type RegisteredPurchase,
  type RegisterMember,
} from "@/lib/purchases/register-purchase";
import { createRedemption } from "./create-redemption";

/** What the register shows once a member is identified: the cashback they can pay with now. */
export async function registerSpendable(db: DbOrTx, memberId: string): Promise<bigint> {
  const balances = await memberBalances(db, [memberId]);
  return balances.get(memberId)?.available ?? 0n;
}

export type RegisterVoucher = { code: string; amountMinor: bigint; currency: Currency; expiresAt: Date; member: RegisterMember };

/**
 * The active voucher of one of this provider's programs with this code, and its member (first name only).
 * A used, cancelled or expired voucher is refused with what happened to it; another business's code is as
 * unknown as a made-up one.
 */
export async function findRegisterVoucher(db: DbOrTx, providerId: string, rawCode: string, now = new Date()): Promise<RegisterVoucher> {
  const code = rawCode.trim().toUpperCase();
  if (!code) throw new DomainError("VALIDATION", "Type the voucher code.", { field: "voucherCode" });
  const voucher = await db.voucher.findFirst({
    where: { code, program: { providerId } },
    select: { code: true, amount: true, currency: true, status: true, expiresAt: true, member: { select: { code: true } } },
  });
  if (!voucher) throw new DomainError("NOT_FOUND", "No voucher of this business has that code.", { field: "voucherCode" });
  if (voucher.status === "REDEEMED") throw new DomainError("CONFLICT", "This voucher was already used.", { field: "voucherCode" });
  if (voucher.status === "CANCELED") throw new DomainError("CONFLICT", "The member cancelled this voucher.", { field: "voucherCode" });
  if (voucher.status === "EXPIRED" || voucher.expiresAt.getTime() <= now.getTime()) throw new DomainError("CONFLICT", "This voucher has expired.", { field: "voucherCode" });
  const member = await findRegisterMember(db, providerId, voucher.member.code);
  return { code: voucher.code, amountMinor: voucher.amount, currency: voucher.currency, expiresAt: voucher.expiresAt, member };
}

export type RegisterSpendInput = {
  providerId: string;
  /** The signed-in staff member at the till; authorisation is the caller's job (assertRegisterAccess). */
  cashierUserId: string;
  /** Who pays: the member's code (or a scanned card's payload), or a voucher's code (which names its member). */
  customer: { memberCode: string } | { voucherCode: string };
  /** The cashback paid: at most the member's spendable balance (with a voucher, at most its value). */
  spendMinor: bigint;
  /**
   * The whole basket, when the sale is registered in the same step: the rest (basket − cashback) is recorded
   * as a register purchase and earns cashback as usual — both or neither.
   */
  basketMinor?: bigint;
  /** One per confirmation (the till makes it): the payment's order id is `register:<requestId>`; a replay is refused. */
  requestId: string;
  now?: Date;
};

export type RegisterSpend = {
  redemptionId: string;
  orderId: string;
  spentMinor: bigint;
  currency: Currency;
  firstName: string;
  /** The member's spendable cashback after the payment. */
  spendableMinor: bigint;
  /** The sale of the rest of the basket, when there was one. */
  purchase: RegisteredPurchase | null;
};

const DAY = 24 * 60 * 60 * 1000;

/** Cashback members paid with at this cashier's register in the program on the UTC day of `now` (not cancelled or expired). */
async function spentAtCashierOn(tx: Tx, programId: string, cashierUserId: string, now: Date): Promise<bigint> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sum = await tx.redemption.aggregate({
    where: { programId, source: "REGISTER", cashierUserId, status: { notIn: ["CANCELED", "EXPIRED"] }, createdAt: { gte: start, lt: new Date(start.getTime() + DAY) } },
    _sum: { amountHeld: true },
  });
  return sum._sum.amountHeld ?? 0n;
}

/**
 * A payment with cashback at the in-store register (and, with `basketMinor`, the sale of the rest of the
 * basket), in one transaction: the cashback is held and captured at once (a REGISTER redemption with the
 * cashier on it), the rest is registered as a purchase that earns cashback. Guards: the cashier's daily
 * spend cap (their own, else the program's; separate from the earn cap) — a payment that would go past it is
 * refused, a CASHIER_SPEND_CAP guard hit is recorded and nothing changes; the earn cap and receipt replay of
 * the sale as registerPurchase has them. One cashier's register work is serialised by a lock, so concurrent
 * payments cannot both slip under the cap.
 */
export async function spendAtRegister(db: Db, input: RegisterSpendInput): Promise<RegisterSpend> {
  if (input.spendMinor <= 0n) throw new DomainError("VALIDATION", "The amount paid with cashback must be above zero.", { field: "spendMinor" });
  if (input.basketMinor !== undefined && input.basketMinor < input.spendMinor) {
    throw new DomainError("VALIDATION", "The cashback paid cannot be more than the basket.", { field: "spendMinor" });
  }
  if (!/^[A-Za-z0-9-]{8,64}$/.test(input.requestId)) throw new DomainError("VALIDATION", "Not a register request id.", { field: "requestId" });
  const now = input.now ?? new Date();
  const orderId = `register:${input.requestId}`;
  try {
    return await db.$transaction(
      async (tx) => {
        await assertProviderActive(tx, input.providerId);
        await lockCashier(tx, input.cashierUserId);
        const voucher = "voucherCode" in input.customer ? await findRegisterVoucher(tx, input.providerId, input.customer.voucherCode, now) : null;
        const member = voucher?.member ?? (await findRegisterMember(tx, input.providerId, "memberCode" in input.customer ? input.customer.memberCode : ""));

        const seen = await tx.redemption.findFirst({ where: { programId: member.programId, orderId }, select: { id: true } });
        if (seen) throw new DomainError("CONFLICT", "This payment was already registered.", { field: "requestId" });

        const [staff, program] = await Promise.all([
          tx.staffMember.findUnique({ where: { userId_providerId: { userId: input.cashierUserId, providerId: input.providerId } }, select: { dailySpendCapMinor: true, dailySpendCapCurrency: true } }),
          tx.program.findUniqueOrThrow({ where: { id: member.programId }, select: { currency: true, cashierDailySpendCapMinor: true } }),
        ]);
        // The cashier's own cap, set on the Staff page, wins over the program's default in programs of its currency.
        const capMinor = cashierCapFor(staff && { capMinor: staff.dailySpendCapMinor, capCurrency: staff.dailySpendCapCurrency }, { currency: program.currency, capMinor: program.cashierDailySpendCapMinor });
        if (capMinor != null) {
          const spent = await spentAtCashierOn(tx, member.programId, input.cashierUserId, now);
          if (spent + input.spendMinor > capMinor) {
            const money = (v: bigint) => formatMoney(v, member.currency);
            const message =
              `Daily limit reached: members may pay at most ${money(capMinor)} with cashback at your register a day. ` +
              `They paid ${money(spent)} today and this payment would add ${money(input.spendMinor)}.`;
            throw new Refusal(new DomainError("CONFLICT", message, { field: "spendMinor" }), {
              programId: member.programId,
              guard: "CASHIER_SPEND_CAP",
              subject: input.cashierUserId,
              details: { capMinor: capMinor.toString(), spentTodayMinor: spent.toString(), spendMinor: input.spendMinor.toString(), memberId: member.memberId, orderId },
            });
          }
        }

        const paidMinor = input.basketMinor === undefined ? 0n : input.basketMinor - input.spendMinor;
        const purchase =
          paidMinor > 0n
            ? await registerPurchaseIn(tx, {
                providerId: input.providerId,
                cashierUserId: input.cashierUserId,
                memberCode: member.code,
                amountMinor: paidMinor,
                receiptId: orderId,
                now,
              })
            : null;

        const { redemption } = await createRedemption(tx, {
          programId: member.programId,
          source: "REGISTER",
          cashierUserId: input.cashierUserId,
          // A voucher names its member and spends from its own hold; else the member found by their card.
          ...(voucher ? {} : { memberId: member.memberId }),
          body: {
            customer: voucher ? { voucherCode: voucher.code } : { memberCode: member.code },
            amount: Number(input.spendMinor),
            currency: member.currency,
            orderId,
            allowPartial: false,
            expiresInSeconds: 1800,
            capture: true,
            metadata: { basketMinor: input.basketMinor?.toString() ?? null, paidMinor: paidMinor.toString() },
          },
          now,
        });
        return {
          redemptionId: redemption.id,
          orderId,
          spentMinor: BigInt(redemption.amountCaptured),
          currency: member.currency,
          firstName: member.firstName,
          spendableMinor: BigInt(redemption.balance.spendable),
          purchase,
        };
      },
      { maxWait: 15_000, timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof DomainError && error.reason === "insufficient_balance") {
      throw new DomainError("UNPROCESSABLE", voucherCodeGiven(input) ? "The voucher is worth less than that amount." : "The member's spendable cashback is lower than that amount.", {
        field: "spendMinor",
        reason: "insufficient_balance",
      });
    }
    if (!(error instanceof Refusal)) throw error;
    await recordGuardHit(db, error.hit);
    throw error.error;
  }
}

const voucherCodeGiven = (input: RegisterSpendInput) => "voucherCode" in input.customer;
