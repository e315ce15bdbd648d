"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { updateProgramSettings } from "@/lib/programs/update-program-settings";

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
