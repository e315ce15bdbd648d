"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/actions/safe-action";
import { outboxIsPublic } from "@/lib/email/list-outbox";
import { clientIp } from "@/lib/http/route";
import { requestPasswordReset } from "@/lib/users/request-password-reset";

export const forgotPasswordAction = publicAction(z.object({ email: z.string({ error: "Enter your e-mail address" }).max(320, "Use at most 320 characters") }), async ({ email }) => {
  const ip = clientIp(new Request("http://local", { headers: await headers() }));
  await requestPasswordReset({ email, ip });
  return { email: email.trim().toLowerCase(), outbox: outboxIsPublic() ? "/dev/outbox" : null };
});
