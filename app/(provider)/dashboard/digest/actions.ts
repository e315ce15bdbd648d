"use server";

import { revalidatePath } from "next/cache";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { digestSettingsInput, setDigestSettings } from "@/lib/digest/digest-settings";
import { z } from "zod";

// Any owner or manager sets their own digest; the row changed is always the caller's own (user + provider).
export const setDigestSettingsAction = providerAction(
  ["OWNER", "MANAGER"],
  digestSettingsInput.extend({ providerId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await setDigestSettings(db, { userId: user.id, providerId }, input);
    revalidatePath("/dashboard/digest");
    return result;
  },
);
