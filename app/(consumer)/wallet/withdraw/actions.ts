"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { cancelWithdrawal } from "@/lib/withdrawals/decide-withdrawal";
import { startPayoutOnboarding } from "@/lib/withdrawals/payout-account";
import { requestWithdrawal } from "@/lib/withdrawals/request-withdrawal";

const PATH = "/wallet/withdraw";

export const requestWithdrawalAction = memberAction(
  z.object({
    memberId: z.uuid("Choose a program"),
    linkedAccountId: z.uuid("Choose an account"),
    // Minor units as a digit string: parsed on the screen without floats, exact here.
    amountMinor: z
      .string()
      .regex(/^[1-9]\d{0,14}$/, "Enter an amount above zero")
      .transform((v) => BigInt(v)),
  }),
  async (input, { user }) => {
    const { withdrawal } = await requestWithdrawal(db, { userId: user.id, ...input });
    revalidatePath(PATH);
    return { id: withdrawal.id };
  },
);

export const cancelWithdrawalAction = memberAction(z.object({ withdrawalId: z.uuid() }), async ({ withdrawalId }, { user }) => {
  await cancelWithdrawal(db, { withdrawalId, userId: user.id });
  revalidatePath(PATH);
  return { ok: true };
});

/** "Finish payout set-up": the URL of Stripe's hosted onboarding of the member's own payout account. */
export const startPayoutSetupAction = memberAction(z.object({}), async (_input, { user }) => {
  const { url } = await startPayoutOnboarding(db, user.id);
  return { url };
});
