import type { Tx } from "@/lib/db/client";
import type { Currency } from "@/lib/db/generated/enums";
import { sendEmail } from "@/lib/email/send-email";
import { balance, post, providerAccount } from "@/lib/ledger";
import { formatMoney } from "@/lib/money/format";
import { appUrl } from "@/lib/app-url";
import { periodOf } from "./commission-tiers";

/** The part of a withdrawal one program's business funds. */
export type PayoutShare = { programId: string; providerId: string; currency: Currency; amountMinor: bigint };

/**
 * Which business funds which part of a withdrawal. A member's cashback is held per membership (its ledger
 * accounts are the member's, in one program; the business's liability is PROVIDER_LIABILITY of that program's
 * provider, sharded by member), and a withdrawal draws on one membership, so today it is one share: the
 * program of its member. A withdrawal drawing on several memberships would return one share per program.
 */
export async function payoutShares(tx: Tx, w: { memberId: string; amountMinor: bigint; currency: Currency }): Promise<PayoutShare[]> {
  const member = await tx.member.findUniqueOrThrow({ where: { id: w.memberId }, select: { programId: true, program: { select: { providerId: true } } } });
  return [{ programId: member.programId, providerId: member.program.providerId, currency: w.currency, amountMinor: w.amountMinor }];
}

/** Serialises everything that reads or moves one provider's prepaid balance in one currency. */
export async function lockFunding(tx: Tx, providerId: string, currency: Currency): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`funding:${providerId}:${currency}`}, 0))`;
}

export const prepaidBalance = (tx: Tx, providerId: string, currency: Currency) => balance(tx, providerAccount(providerId, "PROVIDER_FUNDING", currency));

/**
 * A withdrawal was paid: each business whose cashback it was is charged its share, exactly once (one payout
 * charge per withdrawal and program, a unique key). The prepaid balance pays first (PROVIDER_FUNDING →
 * PROVIDER_LIABILITY, in this unit of work); what it does not cover stays on the provider's liability as owed
 * for payouts, and goes on the month's invoice (invoiceMonth). See docs/money-rules.md, "Funding payouts".
 */
export async function chargePayout(tx: Tx, w: { id: string; memberId: string; amountMinor: bigint; currency: Currency }, paidAt = new Date()): Promise<void> {
  for (const share of await payoutShares(tx, w)) {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO payout_charges (id, provider_id, program_id, withdrawal_id, period, currency, amount_minor)
      VALUES (gen_random_uuid(), ${share.providerId}::uuid, ${share.programId}::uuid, ${w.id}::uuid, ${periodOf(paidAt)}::date,
              ${share.currency}::"Currency", ${share.amountMinor})
      ON CONFLICT (withdrawal_id, program_id) DO NOTHING RETURNING id::text`;
    const chargeId = inserted[0]?.id;
    if (!chargeId) continue; // charged already
    await lockFunding(tx, share.providerId, share.currency);
    const before = await prepaidBalance(tx, share.providerId, share.currency);
    const prepaid = before < share.amountMinor ? before : share.amountMinor;
    if (prepaid <= 0n) continue;
    await post(tx, {
      idempotencyKey: `payout-charge:${chargeId}:prepaid`,
      kind: "SETTLE",
      reference: { type: "payout_charge", id: chargeId },
      metadata: { withdrawalId: w.id, programId: share.programId },
      entries: [
        { account: providerAccount(share.providerId, "PROVIDER_FUNDING", share.currency), amount: -prepaid },
        { account: providerAccount(share.providerId, "PROVIDER_LIABILITY", share.currency), amount: prepaid },
      ],
    });
    await tx.payoutCharge.update({ where: { id: chargeId }, data: { prepaidMinor: prepaid } });
    await warnLowBalance(tx, share, before, before - prepaid);
  }
}

/**
 * The bank returned a payout that had been paid: its charges are given back in the same unit of work as the
 * member's money. What the prepaid balance paid returns to it; what was owed and not yet invoiced simply leaves
 * the next invoice. What was invoiced leaves what the business owes on that invoice: if the invoice is paid
 * already, the amount is credited to the prepaid balance now; if not, it is taken off the fees owed now and
 * credited only when the invoice is paid (creditReturnedPayouts) — so a voided invoice leaves nothing owed and
 * credits nothing. Idempotent.
 */
export async function chargeBackPayout(tx: Tx, withdrawalId: string, reason: string): Promise<void> {
  // The invoices first (syncProviderInvoice locks an invoice, then its charges): the same order, no deadlock.
  const invoices = await tx.$queryRaw<{ id: string; status: string }[]>`
    SELECT i.id::text, i.status FROM provider_invoices i
     WHERE i.id IN (SELECT invoice_id FROM payout_charges WHERE withdrawal_id = ${withdrawalId}::uuid AND charged_back_at IS NULL)
     ORDER BY i.id FOR UPDATE`;
  const charges = await tx.$queryRaw<{ id: string; provider_id: string; currency: Currency; prepaid_minor: bigint; invoiced_minor: bigint; invoice_id: string | null }[]>`
    SELECT id::text, provider_id::text, currency::text AS currency, prepaid_minor, invoiced_minor, invoice_id::text FROM payout_charges
     WHERE withdrawal_id = ${withdrawalId}::uuid AND charged_back_at IS NULL ORDER BY program_id FOR UPDATE`;
  for (const c of charges) {
    const invoicePaid = invoices.some((i) => i.id === c.invoice_id && i.status === "paid");
    const credited = invoicePaid ? c.invoiced_minor : 0n;
    const toFunding = c.prepaid_minor + credited;
    const offFeesOwed = c.invoiced_minor - credited;
    if (toFunding + offFeesOwed > 0n) {
      await lockFunding(tx, c.provider_id, c.currency);
      await post(tx, {
        idempotencyKey: `payout-charge:${c.id}:back`,
        kind: "REVERSE",
        reference: { type: "payout_charge", id: c.id },
        metadata: { withdrawalId, reason },
        entries: [
          ...(toFunding > 0n ? [{ account: providerAccount(c.provider_id, "PROVIDER_FUNDING", c.currency), amount: toFunding }] : []),
          ...(offFeesOwed > 0n ? [{ account: providerAccount(c.provider_id, "PROVIDER_FEES_OWED", c.currency), amount: offFeesOwed }] : []),
          { account: providerAccount(c.provider_id, "PROVIDER_LIABILITY", c.currency), amount: -(toFunding + offFeesOwed) },
        ],
      });
    }
    await tx.payoutCharge.update({ where: { id: c.id }, data: { chargedBackAt: new Date(), creditedMinor: credited } });
  }
}

/** E-mails the owner when this draw took the prepaid balance below the threshold the program set. */
async function warnLowBalance(tx: Tx, share: PayoutShare, before: bigint, after: bigint): Promise<void> {
  const program = await tx.program.findUniqueOrThrow({
    where: { id: share.programId },
    select: { name: true, lowBalanceThresholdMinor: true, provider: { select: { staff: { where: { role: "OWNER" }, orderBy: { createdAt: "asc" }, take: 1, select: { user: { select: { email: true } } } } } } },
  });
  const threshold = program.lowBalanceThresholdMinor;
  const to = program.provider.staff[0]?.user.email;
  if (threshold == null || !to || !(before >= threshold && after < threshold)) return;
  const money = (v: bigint) => formatMoney(v, share.currency);
  await sendEmail(tx, {
    to,
    subject: `Your Boomerang prepaid balance is ${money(after)}`,
    text:
      `Your prepaid balance for cashback payouts fell below ${money(threshold)} (the threshold set for ${program.name}): ${money(after)} is left.\n\n` +
      `Top it up on your Billing page: ${appUrl("/dashboard/billing")}\n`,
  });
}
