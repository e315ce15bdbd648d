"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { memberAction } from "@/lib/actions/safe-action";
import { db } from "@/lib/db/client";
import { confirmWithdrawal } from "@/lib/withdrawals/confirm-withdrawal";

const confirm = memberAction(z.object({ token: z.string().min(10).max(200) }), async ({ token }, { user }) => {
  const w = await confirmWithdrawal(db, { userId: user.id, token });
  return { status: w.status };
});

/** A plain form post, so the confirmation works before (or without) JavaScript. */
export async function confirmWithdrawalFormAction(_previous: { error: string } | null, form: FormData): Promise<{ error: string }> {
  const result = await confirm({ token: form.get("token") });
  if (!result.ok) return { error: result.error.message };
  const status = result.data.status;
  redirect(`/wallet/withdraw?confirmed=${status === "AWAITING_APPROVAL" ? "review" : status === "AWAITING_PAYOUT_SETUP" ? "setup" : "1"}`);
}
