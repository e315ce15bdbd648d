"use server";

import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { findRegisterMember, registerPurchase } from "@/lib/purchases/register-purchase";

const STAFF = ["OWNER", "MANAGER", "CASHIER"] as const;

export const lookupMemberAction = providerAction(
  STAFF,
  // A typed code, or the payload of a scanned card (BMR1.<code>.<window>.<signature>).
  z.object({ providerId: z.uuid(), code: z.string().trim().min(1, "Type the member code").max(80, "That is not a member code") }),
  async ({ code }, { providerId }) => {
    try {
      const m = await findRegisterMember(db, providerId, code);
      return { memberId: m.memberId, code: m.code, program: m.program, currency: m.currency, firstName: m.firstName };
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
    receiptId: z.string().trim().min(1).max(100).optional(),
  }),
  async (input, { providerId, user }) => {
    const sale = await registerPurchase(db, {
      providerId,
      cashierUserId: user.id,
      memberCode: input.memberCode,
      amountMinor: input.amountMinor,
      receiptId: input.receiptId,
    });
    return { ...sale, amountMinor: sale.amountMinor.toString() };
  },
);
