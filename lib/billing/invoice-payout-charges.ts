import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { post, providerAccount } from "@/lib/ledger";
import { releaseFundedWithdrawals } from "@/lib/withdrawals/funding-gate";
import { lockFunding } from "./charge-payout";

/**
 * Puts a provider's payout charges not yet invoiced (what the prepaid balance did not cover) on an invoice:
 * each moves from the provider's liability (owed for payouts, not yet invoiced) to its fees owed (invoiced,
 * settled when the invoice is paid), one posting per charge and invoice. Returns the total put on it.
 */
export async function invoicePayoutCharges(tx: Tx, input: { invoiceId: string; providerId: string; currency: Currency; period: Date }): Promise<{ payoutsMinor: bigint; charges: number }> {
  const due = await tx.$queryRaw<{ id: string; owed: bigint }[]>`
    SELECT id::text, (amount_minor - prepaid_minor)::bigint AS owed FROM payout_charges
     WHERE provider_id = ${input.providerId}::uuid AND currency = ${input.currency}::"Currency" AND invoice_id IS NULL
       AND charged_back_at IS NULL AND amount_minor > prepaid_minor AND period <= ${input.period}::date
     ORDER BY created_at FOR UPDATE`;
  let payoutsMinor = 0n;
  for (const c of due) {
    await post(tx, {
      idempotencyKey: `payout-charge:${c.id}:invoiced:${input.invoiceId}`,
      kind: "SETTLE",
      reference: { type: "payout_charge", id: c.id },
      metadata: { providerInvoiceId: input.invoiceId },
      entries: [
        { account: providerAccount(input.providerId, "PROVIDER_LIABILITY", input.currency), amount: c.owed },
        { account: providerAccount(input.providerId, "PROVIDER_FEES_OWED", input.currency), amount: -c.owed },
      ],
    });
    await tx.payoutCharge.update({ where: { id: c.id }, data: { invoiceId: input.invoiceId, invoicedMinor: c.owed } });
    payoutsMinor += c.owed;
  }
  return { payoutsMinor, charges: due.length };
}

/**
 * A voided invoice gives its payout charges back: they are owed and not invoiced again (the next invoice takes
 * them). A charge already given back (its payout returned) left the fees owed when it was returned and was not
 * credited (the invoice was never paid): nothing is left of it to undo.
 */
export async function uninvoicePayoutCharges(tx: Tx, invoiceId: string): Promise<void> {
  const charges = await tx.$queryRaw<{ id: string; provider_id: string; currency: Currency; invoiced_minor: bigint }[]>`
    SELECT id::text, provider_id::text, currency::text AS currency, invoiced_minor FROM payout_charges
     WHERE invoice_id = ${invoiceId}::uuid AND charged_back_at IS NULL AND invoiced_minor > 0 FOR UPDATE`;
  for (const c of charges) {
    await post(tx, {
      idempotencyKey: `payout-charge:${c.id}:invoiced:${invoiceId}:void`,
      kind: "REVERSE",
      reference: { type: "payout_charge", id: c.id },
      metadata: { providerInvoiceId: invoiceId },
      entries: [
        { account: providerAccount(c.provider_id, "PROVIDER_LIABILITY", c.currency), amount: -c.invoiced_minor },
        { account: providerAccount(c.provider_id, "PROVIDER_FEES_OWED", c.currency), amount: c.invoiced_minor },
      ],
    });
    await tx.payoutCharge.update({ where: { id: c.id }, data: { invoiceId: null, invoicedMinor: 0n } });
  }
}

/**
 * An invoice was paid: the payouts on it that the bank returned meanwhile were paid for all the same, so their
 * invoiced part becomes prepaid balance (the fees owed carried it out of the invoice when they were returned:
 * PROVIDER_FEES_OWED → PROVIDER_FUNDING), once per charge, and withdrawals waiting for funds are sent.
 */
export async function creditReturnedPayouts(tx: Tx, invoiceId: string): Promise<bigint> {
  const charges = await tx.$queryRaw<{ id: string; provider_id: string; currency: Currency; due: bigint }[]>`
    SELECT id::text, provider_id::text, currency::text AS currency, (invoiced_minor - credited_minor)::bigint AS due FROM payout_charges
     WHERE invoice_id = ${invoiceId}::uuid AND charged_back_at IS NOT NULL AND invoiced_minor > credited_minor ORDER BY id FOR UPDATE`;
  let total = 0n;
  for (const c of charges) {
    await lockFunding(tx, c.provider_id, c.currency);
    await post(tx, {
      idempotencyKey: `payout-charge:${c.id}:credited:${invoiceId}`,
      kind: "FUND",
      reference: { type: "payout_charge", id: c.id },
      metadata: { providerInvoiceId: invoiceId },
      entries: [
        { account: providerAccount(c.provider_id, "PROVIDER_FEES_OWED", c.currency), amount: -c.due },
        { account: providerAccount(c.provider_id, "PROVIDER_FUNDING", c.currency), amount: c.due },
      ],
    });
    await tx.payoutCharge.update({ where: { id: c.id }, data: { creditedMinor: { increment: c.due } } });
    total += c.due;
  }
  const first = charges[0];
  if (first) await releaseFundedWithdrawals(tx, first.provider_id, first.currency);
  return total;
}
