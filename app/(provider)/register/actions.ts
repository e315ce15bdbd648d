"use server";

import { z } from "zod";
import { providerAction } from "@/lib/actions/safe-action";
import { findMemberByCode } from "@/lib/members/find-member-by-code";

export const lookupMemberAction = providerAction(
  ["OWNER", "MANAGER", "CASHIER"],
  z.object({ providerId: z.uuid(), code: z.string().trim().min(1, "Type the member code").max(20) }),
  async ({ code }, { providerId }) => findMemberByCode(providerId, code),
);
