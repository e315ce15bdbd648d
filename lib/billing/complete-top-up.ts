import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { externalAccount, post, providerAccount } from "@/lib/ledger";
import { stripe } from "@/lib/stripe/client";
import { releaseFundedWithdrawals } from "@/lib/withdrawals/funding-gate";
import { lockFunding } from "./charge-payout";

/**
 * A top-up's Checkout session completed: re-read it from Stripe and, once paid, credit the prepaid balance
 * (money in from outside → PROVIDER_FUNDING) exactly once, then send the withdrawals that were waiting for it.
 * A session that is not a top-up of ours is ignored.
 */
export async function completeTopUp(tx: Tx, checkoutSessionId: string): Promise<{ topUpId: string; status: string } | null> {
  const [row] = await tx.$queryRaw<{ id: string; provider_id: string; currency: Currency; amount_minor: bigint; status: string }[]>`
    SELECT id::text, provider_id::text, currency::text AS currency, amount_minor, status FROM provider_top_ups
     WHERE checkout_session_id = ${checkoutSessionId} FOR UPDATE`;
  if (!row) return null;
  if (row.status === "paid") return { topUpId: row.id, status: row.status };
  const session = await stripe().checkout.sessions.retrieve(checkoutSessionId);
  if (session.status === "expired") {
    await tx.providerTopUp.update({ where: { id: row.id }, data: { status: "expired" } });
    return { topUpId: row.id, status: "expired" };
  }
  if (session.payment_status !== "paid") return { topUpId: row.id, status: row.status };
  await lockFunding(tx, row.provider_id, row.currency);
  await post(tx, {
    idempotencyKey: `top-up:${row.id}:paid`,
    kind: "FUND",
    reference: { type: "provider_top_up", id: row.id },
    metadata: { checkoutSessionId },
    entries: [
      { account: externalAccount("stripe", row.currency), amount: -row.amount_minor },
      { account: providerAccount(row.provider_id, "PROVIDER_FUNDING", row.currency), amount: row.amount_minor },
    ],
  });
  await tx.providerTopUp.update({ where: { id: row.id }, data: { status: "paid", paidAt: new Date() } });
  await releaseFundedWithdrawals(tx, row.provider_id, row.currency);
  return { topUpId: row.id, status: "paid" };
}
