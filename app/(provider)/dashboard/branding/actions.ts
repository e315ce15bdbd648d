"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { updateProgramBranding } from "@/lib/programs/update-program-branding";

// The values are validated by updateProgramBranding, which also re-checks the role in the database.
export const updateBrandingAction = providerAction(
  ["OWNER", "MANAGER"],
  z.looseObject({ providerId: z.uuid(), programId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await updateProgramBranding(db, { providerId, programId: input.programId, userId: user.id, values: input });
    revalidatePath("/dashboard/branding");
    revalidatePath("/dashboard");
    return result;
  },
);
