"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { findRegisterMember, registerPurchase } from "@/lib/purchases/register-purchase";
import { voidSale } from "@/lib/purchases/void-sale";
import { findRegisterVoucher, registerSpendable, spendAtRegister } from "@/lib/redemptions/spend-at-register";

const STAFF = ["OWNER", "MANAGER", "CASHIER"] as const;
const PATH = "/register";

export const lookupMemberAction = providerAction(
  STAFF,
  // A typed code, or the payload of a scanned card (BMR1.<code>.<window>.<signature>).
  z.object({ providerId: z.uuid(), code: z.string().trim().min(1, "Type the member code").max(80, "That is not a member code") }),
  async ({ code }, { providerId }) => {
    try {
      const m = await findRegisterMember(db, providerId, code);
      const spendable = await registerSpendable(db, m.memberId);
      return { memberId: m.memberId, code: m.code, program: m.program, currency: m.currency, firstName: m.firstName, spendableMinor: spendable.toString(), voucher: null };
    } catch (error) {
      // The form's field is "code".
      if (error instanceof DomainError && error.field === "memberCode") throw new DomainError(error.code, error.message, { field: "code" });
      throw error;
    }
  },
);

export const registerPurchaseAction = providerAction(
  STAFF,
  z.object({
    providerId: z.uuid(),
    memberCode: z.string().trim().min(1, "Type the member code").max(80),
    // Minor units as a digit string: the screen parses "12.50" itself, and bigints stay exact on the way here.
    amountMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter the basket amount")
      .transform((v) => BigInt(v)),
    receiptId: z.string().trim().min(1, "Type the receipt number or leave it empty").max(100, "A receipt number has at most 100 characters").optional(),
  }),
  async (input, { providerId, user }) => {
    const sale = await registerPurchase(db, {
      providerId,
      cashierUserId: user.id,
      memberCode: input.memberCode,
      amountMinor: input.amountMinor,
      receiptId: input.receiptId,
    });
    revalidatePath(PATH);
    return { ...sale, amountMinor: sale.amountMinor.toString() };
  },
);

export const lookupVoucherAction = providerAction(
  STAFF,
  z.object({ providerId: z.uuid(), voucherCode: z.string().trim().min(1, "Type the voucher code").max(64, "That is not a voucher code") }),
  async ({ voucherCode }, { providerId }) => {
    const v = await findRegisterVoucher(db, providerId, voucherCode);
    const m = v.member;
    const spendable = await registerSpendable(db, m.memberId);
    return {
      memberId: m.memberId,
      code: m.code,
      program: m.program,
      currency: m.currency,
      firstName: m.firstName,
      spendableMinor: spendable.toString(),
      voucher: { code: v.code, amountMinor: v.amountMinor.toString(), expiresAt: v.expiresAt.toISOString() },
    };
  },
);

const digits = (message: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/, message)
    .transform((v) => BigInt(v));

export const spendAtRegisterAction = providerAction(
  STAFF,
  z
    .object({
      providerId: z.uuid(),
      memberCode: z.string().trim().min(1).max(80).optional(),
      voucherCode: z.string().trim().min(1).max(64).optional(),
      // Minor units as digit strings, as for the sale.
      spendMinor: digits("Enter the amount paid with cashback"),
      basketMinor: digits("Enter the basket amount"),
      requestId: z.uuid(),
    })
    .refine((v) => (v.memberCode === undefined) !== (v.voucherCode === undefined), { message: "Scan the member's card or type a voucher code", path: ["memberCode"] }),
  async (input, { providerId, user }) => {
    const paid = await spendAtRegister(db, {
      providerId,
      cashierUserId: user.id,
      customer: input.voucherCode !== undefined ? { voucherCode: input.voucherCode } : { memberCode: input.memberCode ?? "" },
      spendMinor: input.spendMinor,
      basketMinor: input.basketMinor,
      requestId: input.requestId,
    });
    const sale = paid.purchase;
    revalidatePath(PATH);
    return {
      redemptionId: paid.redemptionId,
      spentMinor: paid.spentMinor.toString(),
      spendableMinor: paid.spendableMinor.toString(),
      currency: paid.currency,
      firstName: paid.firstName,
      sale: sale ? { rewardId: sale.rewardId, amountMinor: sale.amountMinor.toString(), currency: sale.currency, status: sale.status, explanation: sale.explanation, firstName: sale.firstName } : null,
    };
  },
);

/** The cashier takes back their own sale of the last 10 minutes; the rule lives in voidSale. */
export const voidSaleAction = providerAction(
  STAFF,
  z.object({
    providerId: z.uuid(),
    purchaseId: z.uuid(),
    reason: z.string().trim().min(1, "Say why the sale is voided").max(500, "Keep the reason under 500 characters"),
    requestId: z.uuid(),
  }),
  async (input, { providerId, user }) => {
    const voided = await voidSale(db, { providerId, purchaseId: input.purchaseId, userId: user.id, reason: input.reason, requestId: input.requestId });
    revalidatePath(PATH);
    return { purchaseId: voided.purchaseId, refundMinor: voided.refundMinor.toString(), currency: voided.currency, rewardStatus: voided.reward?.status ?? null };
  },
);
