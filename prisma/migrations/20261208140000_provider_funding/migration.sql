-- The business funds the cashback its members withdraw (docs/money-rules.md, "Funding payouts"): every paid
-- withdrawal becomes a payout charge to the provider of its program, drawn from a prepaid balance first
-- (PROVIDER_FUNDING, topped up through Stripe Checkout), the rest invoiced with the month's commission.

-- AlterEnum
ALTER TYPE "WithdrawalStatus" ADD VALUE 'AWAITING_FUNDING' AFTER 'AWAITING_APPROVAL';

-- AlterTable
ALTER TABLE "programs" ADD COLUMN "withdraw_only_funded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "low_balance_threshold_minor" BIGINT;
ALTER TABLE "programs" ADD CONSTRAINT "programs_low_balance_threshold_check" CHECK ("low_balance_threshold_minor" IS NULL OR "low_balance_threshold_minor" >= 0);

-- AlterTable
ALTER TABLE "provider_invoices" ADD COLUMN "payouts_minor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN "payment_failed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "payout_charges" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "withdrawal_id" UUID NOT NULL,
    "period" DATE NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "prepaid_minor" BIGINT NOT NULL DEFAULT 0,
    "invoiced_minor" BIGINT NOT NULL DEFAULT 0,
    "invoice_id" UUID,
    "charged_back_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_charges_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "payout_charges_amounts_check" CHECK ("amount_minor" > 0 AND "prepaid_minor" >= 0 AND "invoiced_minor" >= 0 AND "prepaid_minor" + "invoiced_minor" <= "amount_minor")
);

-- CreateTable
CREATE TABLE "provider_top_ups" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "checkout_session_id" TEXT,
    "status" TEXT NOT NULL,
    "created_by_id" UUID,
    "paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_top_ups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "provider_top_ups_amount_check" CHECK ("amount_minor" > 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "payout_charges_withdrawal_id_program_id_key" ON "payout_charges"("withdrawal_id", "program_id");
CREATE INDEX "payout_charges_provider_id_period_idx" ON "payout_charges"("provider_id", "period");
CREATE UNIQUE INDEX "provider_top_ups_checkout_session_id_key" ON "provider_top_ups"("checkout_session_id");
CREATE INDEX "provider_top_ups_provider_id_created_at_idx" ON "provider_top_ups"("provider_id", "created_at");

-- AddForeignKey
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_withdrawal_id_fkey" FOREIGN KEY ("withdrawal_id") REFERENCES "withdrawals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "provider_invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "provider_top_ups" ADD CONSTRAINT "provider_top_ups_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Withdrawals paid before this change were never charged: they are owed by their business, not yet invoiced
-- (their amount is still on its liability), so the next invoice takes them.
INSERT INTO "payout_charges" ("id", "provider_id", "program_id", "withdrawal_id", "period", "currency", "amount_minor")
SELECT gen_random_uuid(), p."provider_id", m."program_id", w."id", date_trunc('month', w."updated_at" AT TIME ZONE 'UTC')::date, w."currency", w."amount_minor"
  FROM "withdrawals" w JOIN "members" m ON m."id" = w."member_id" JOIN "programs" p ON p."id" = m."program_id"
 WHERE w."status" = 'PAID';
