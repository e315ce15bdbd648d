"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { requestSignup } from "@/lib/users/request-signup";
import { outboxIsPublic } from "@/lib/email/list-outbox";
import { emailSchema, passwordSchema } from "@/lib/validation";
import { clientIp } from "@/lib/http/route";

const signupSchema = z.object({
  name: z.string().trim().max(120, "Use at most 120 characters").optional(),
  email: emailSchema,
  password: passwordSchema,
  callbackUrl: z.string().max(500).optional(),
});

export const signUpAction = publicAction(signupSchema, async (input) => {
  const ip = clientIp(new Request("http://local", { headers: await headers() }));
  await requestSignup({ ...input, ip });
  return { email: input.email, outbox: outboxIsPublic() ? "/dev/outbox" : null };
});
