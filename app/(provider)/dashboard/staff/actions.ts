"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { inviteStaff } from "@/lib/providers/invite-staff";
import { removeStaff } from "@/lib/providers/remove-staff";

// Who may grant or remove which role is decided in lib, against the database.
export const inviteStaffAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({ providerId: z.uuid(), email: z.email("Enter an e-mail address"), role: z.enum(["OWNER", "MANAGER", "CASHIER"]) }),
  async (input, { providerId, user }) => {
    const result = await inviteStaff(db, { providerId, email: input.email, role: input.role, actor: { userId: user.id } });
    revalidatePath("/dashboard/staff");
    return result;
  },
);

export const removeStaffAction = providerAction(
  ["OWNER", "MANAGER"],
  z.object({ providerId: z.uuid(), userId: z.uuid() }),
  async (input, { providerId, user }) => {
    const result = await removeStaff(db, { providerId, userId: input.userId, actor: { userId: user.id } });
    revalidatePath("/dashboard/staff");
    return result;
  },
);
