import { stripe } from "@/lib/stripe/client";

/**
 * Takes back what the platform transferred to the member's connected account for a withdrawal that was never
 * paid out (the payout was refused, or failed and Stripe returned its amount to that account's balance). The
 * ledger gives the member the amount back as available cashback, so without the reversal the platform would pay
 * it twice. Idempotent: each transfer of the withdrawal (its transfer group) is reversed once, for what is left.
 */
/** The transfer group of a withdrawal's transfer, also the prefix of its Stripe idempotency keys. */
export const transferGroup = (withdrawalId: string) => `withdrawal:${withdrawalId}`;

export async function reclaimTransfer(withdrawalId: string): Promise<{ reversedMinor: number }> {
  const group = transferGroup(withdrawalId);
  const transfers = await stripe().transfers.list({ transfer_group: group, limit: 10 });
  let reversedMinor = 0;
  for (const transfer of transfers.data) {
    const remaining = transfer.amount - transfer.amount_reversed;
    if (remaining <= 0) continue;
    await stripe().transfers.createReversal(transfer.id, { amount: remaining, metadata: { withdrawalId } }, { idempotencyKey: `${group}:reversal:${transfer.id}` });
    reversedMinor += remaining;
  }
  return { reversedMinor };
}
