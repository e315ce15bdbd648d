"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { cancelVoucher, createVoucher } from "@/lib/redemptions/vouchers";

export const createVoucherAction = memberAction(
  z.object({
    programId: z.uuid("Choose a program"),
    // Minor units as a digit string: parsed on the screen without floats, exact here.
    amountMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter an amount above zero")
      .transform((v) => BigInt(v)),
  }),
  async (input, { user }) => {
    const voucher = await createVoucher(db, { userId: user.id, programId: input.programId, amountMinor: input.amountMinor });
    revalidatePath("/wallet", "layout");
    return { id: voucher.id };
  },
);

export const cancelVoucherAction = memberAction(z.object({ voucherId: z.uuid() }), async ({ voucherId }, { user }) => {
  const voucher = await cancelVoucher(db, { userId: user.id, voucherId });
  revalidatePath("/wallet", "layout");
  return { id: voucher.id, status: voucher.status };
});
