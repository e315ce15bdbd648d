-- Each business connects a Stripe (Express) account; membership fees are charged with it as the destination
-- and the platform's application fee; each paid invoice is recorded for the business's Billing page.

-- AlterTable
ALTER TABLE "membership_subscriptions" ADD COLUMN "destination_account_id" TEXT;

-- CreateTable
CREATE TABLE "provider_connect_accounts" (
    "provider_id" UUID NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "charges_enabled" BOOLEAN NOT NULL DEFAULT false,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "provider_connect_accounts_pkey" PRIMARY KEY ("provider_id")
);

-- CreateTable
CREATE TABLE "membership_payments" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "stripe_invoice_id" TEXT NOT NULL,
    "stripe_subscription_id" TEXT NOT NULL,
    "stripe_charge_id" TEXT,
    "destination_account_id" TEXT,
    "currency" "Currency" NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "application_fee_minor" BIGINT NOT NULL,
    "transferred_minor" BIGINT NOT NULL,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "fee_refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "transfer_reversed_minor" BIGINT NOT NULL DEFAULT 0,
    "period" DATE NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "membership_payments_pkey" PRIMARY KEY ("id"),
    -- Amounts as Stripe charged them: never negative, the fee and the transfer within what was paid, and
    -- what refunds took back within what was paid, taken and transferred.
    CONSTRAINT "membership_payments_amounts_check" CHECK (
      "gross_minor" >= 0 AND "application_fee_minor" >= 0 AND "transferred_minor" >= 0
      AND "application_fee_minor" + "transferred_minor" <= "gross_minor"
      AND "refunded_minor" BETWEEN 0 AND "gross_minor"
      AND "fee_refunded_minor" BETWEEN 0 AND "application_fee_minor"
      AND "transfer_reversed_minor" BETWEEN 0 AND "transferred_minor"
    )
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_connect_accounts_stripe_account_id_key" ON "provider_connect_accounts"("stripe_account_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_payments_stripe_invoice_id_key" ON "membership_payments"("stripe_invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_payments_stripe_charge_id_key" ON "membership_payments"("stripe_charge_id");

-- CreateIndex
CREATE INDEX "membership_payments_provider_id_period_idx" ON "membership_payments"("provider_id", "period");

-- AddForeignKey
ALTER TABLE "provider_connect_accounts" ADD CONSTRAINT "provider_connect_accounts_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership_payments" ADD CONSTRAINT "membership_payments_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
