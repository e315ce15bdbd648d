"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { startTopUp } from "@/lib/billing/start-top-up";
import { updateFundingSettings } from "@/lib/billing/update-funding-settings";

const minor = z.string().regex(/^\d{1,12}$/, "Enter an amount.").transform((v) => BigInt(v));

/** Owners top up the prepaid balance: answers the Stripe Checkout address to go to. */
export const startTopUpAction = providerAction(
  ["OWNER"],
  z.object({ providerId: z.uuid(), currency: z.enum(["EUR", "USD", "GBP", "CAD"]), amountMinor: minor }),
  async (input, { providerId, user }) => startTopUp(db, { providerId, userId: user.id, currency: input.currency, amountMinor: input.amountMinor }),
);

export const updateFundingSettingsAction = providerAction(
  ["OWNER"],
  z.object({ providerId: z.uuid(), programId: z.uuid(), withdrawOnlyFunded: z.boolean(), lowBalanceThresholdMinor: z.string().nullable() }),
  async (input, { providerId, user }) => {
    const result = await updateFundingSettings(db, providerId, input, { userId: user.id });
    revalidatePath("/dashboard/billing");
    return result;
  },
);
