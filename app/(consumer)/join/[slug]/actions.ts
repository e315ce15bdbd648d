"use server";

import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { startMembershipCheckout } from "@/lib/memberships/start-membership-checkout";

/** Join a paid program: `{ url }` is Stripe Checkout (send the browser there); `{ url: null }` means already paid up. */
export const startMembershipCheckoutAction = memberAction(z.object({ programId: z.uuid("Unknown program") }), async ({ programId }, { user }) => {
  const started = await startMembershipCheckout(db, { userId: user.id, programId });
  return { url: started.status === "checkout" ? started.url : null };
});
