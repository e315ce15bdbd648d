"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { setProgramPublished } from "@/lib/programs/set-program-published";
import { updateProgramSettings } from "@/lib/programs/update-program-settings";
import { startConnectOnboarding } from "@/lib/providers/stripe-connect";

// The settings themselves are validated by updateProgramSettings, which knows the program's currency.
export const updateSettingsAction = providerAction(
  ["OWNER", "MANAGER"],
  z.looseObject({ providerId: z.uuid(), programId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await updateProgramSettings(db, providerId, input.programId, input, { type: "USER", id: user.id });
    revalidatePath("/dashboard/settings");
    return result;
  },
);

export const setPublishedAction = providerAction(
  ["OWNER"],
  z.object({ providerId: z.uuid(), programId: z.uuid(), published: z.boolean() }),
  async (input, { providerId, user }) => {
    const result = await setProgramPublished(db, { providerId, programId: input.programId, userId: user.id, published: input.published });
    revalidatePath("/dashboard", "layout");
    revalidatePath(`/p/${result.slug}`);
    return { published: result.published };
  },
);

/** "Connect with Stripe" / "Continue onboarding": the URL of Stripe's hosted onboarding for the business. */
export const connectStripeAction = providerAction(["OWNER"], z.object({ providerId: z.uuid() }), async (_input, { providerId }) => {
  const { url } = await startConnectOnboarding(db, providerId);
  return { url };
});
