"use server";

import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { resetPassword } from "@/lib/users/reset-password";

export const resetPasswordAction = publicAction(
  z.object({ token: z.string().min(1, "This reset link is incomplete").max(200, "This reset link is not valid"), password: z.string().max(1024, "Use at most 128 characters") }),
  async (input) => resetPassword(input),
);
