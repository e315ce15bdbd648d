-- CreateEnum
CREATE TYPE "LinkedAccountStatus" AS ENUM ('ACTIVE', 'LOGIN_REQUIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "MerchantMatchKind" AS ENUM ('NAME', 'ENTITY_ID');

-- CreateEnum
CREATE TYPE "WithdrawalStatus" AS ENUM ('AWAITING_CONFIRMATION', 'AWAITING_APPROVAL', 'PROCESSING', 'PAID', 'FAILED', 'CANCELED');

-- CreateTable
CREATE TABLE "stripe_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stripe_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership_subscriptions" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "checkout_session_id" TEXT,
    "stripe_subscription_id" TEXT,
    "status" TEXT NOT NULL,
    "current_period_end" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "membership_subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_billing" (
    "provider_id" UUID NOT NULL,
    "stripe_customer_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_billing_pkey" PRIMARY KEY ("provider_id")
);

-- CreateTable
CREATE TABLE "billing_records" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "reward_id" UUID NOT NULL,
    "period" DATE NOT NULL,
    "award_minor" BIGINT NOT NULL,
    "rate_bps" INTEGER NOT NULL,
    "commission_minor" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "ledger_transaction_id" BIGINT,
    "invoice_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_invoices" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "period" DATE NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "stripe_invoice_id" TEXT,
    "status" TEXT NOT NULL,
    "hosted_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "provider_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "linked_accounts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "plaid_item_id" TEXT NOT NULL,
    "access_token_enc" TEXT NOT NULL,
    "institution_name" TEXT,
    "plaid_account_id" TEXT,
    "account_name" TEXT,
    "mask" TEXT,
    "payout_destination" TEXT,
    "sync_cursor" TEXT,
    "last_synced_at" TIMESTAMPTZ(3),
    "status" "LinkedAccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "linked_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bank_transactions" (
    "id" UUID NOT NULL,
    "linked_account_id" UUID NOT NULL,
    "plaid_transaction_id" TEXT NOT NULL,
    "pending_transaction_id" TEXT,
    "merchant_name" TEXT,
    "merchant_entity_id" TEXT,
    "amount_minor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "pending" BOOLEAN NOT NULL,
    "purchase_id" UUID,
    "program_id" UUID,
    "removed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "bank_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "merchant_match_rules" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "kind" "MerchantMatchKind" NOT NULL,
    "pattern" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merchant_match_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "withdrawals" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "linked_account_id" UUID NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "status" "WithdrawalStatus" NOT NULL,
    "hold_id" BIGINT,
    "confirm_token_hash" TEXT,
    "confirm_expires_at" TIMESTAMPTZ(3),
    "payout_id" TEXT,
    "failure_reason" TEXT,
    "approved_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "withdrawals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "membership_subscriptions_member_id_key" ON "membership_subscriptions"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_subscriptions_checkout_session_id_key" ON "membership_subscriptions"("checkout_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "membership_subscriptions_stripe_subscription_id_key" ON "membership_subscriptions"("stripe_subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_billing_stripe_customer_id_key" ON "provider_billing"("stripe_customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "billing_records_reward_id_key" ON "billing_records"("reward_id");

-- CreateIndex
CREATE INDEX "billing_records_provider_id_period_idx" ON "billing_records"("provider_id", "period");

-- CreateIndex
CREATE UNIQUE INDEX "provider_invoices_stripe_invoice_id_key" ON "provider_invoices"("stripe_invoice_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_invoices_provider_id_period_currency_key" ON "provider_invoices"("provider_id", "period", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "linked_accounts_plaid_item_id_key" ON "linked_accounts"("plaid_item_id");

-- CreateIndex
CREATE INDEX "linked_accounts_user_id_idx" ON "linked_accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "bank_transactions_plaid_transaction_id_key" ON "bank_transactions"("plaid_transaction_id");

-- CreateIndex
CREATE INDEX "bank_transactions_linked_account_id_date_idx" ON "bank_transactions"("linked_account_id", "date");

-- CreateIndex
CREATE INDEX "bank_transactions_pending_transaction_id_idx" ON "bank_transactions"("pending_transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "merchant_match_rules_program_id_kind_pattern_key" ON "merchant_match_rules"("program_id", "kind", "pattern");

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_confirm_token_hash_key" ON "withdrawals"("confirm_token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_payout_id_key" ON "withdrawals"("payout_id");

-- CreateIndex
CREATE INDEX "withdrawals_member_id_created_at_idx" ON "withdrawals"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "withdrawals_status_created_at_idx" ON "withdrawals"("status", "created_at");

-- AddForeignKey
ALTER TABLE "membership_subscriptions" ADD CONSTRAINT "membership_subscriptions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_billing" ADD CONSTRAINT "provider_billing_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_records" ADD CONSTRAINT "billing_records_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_records" ADD CONSTRAINT "billing_records_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "provider_invoices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_invoices" ADD CONSTRAINT "provider_invoices_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "linked_accounts" ADD CONSTRAINT "linked_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_linked_account_id_fkey" FOREIGN KEY ("linked_account_id") REFERENCES "linked_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "merchant_match_rules" ADD CONSTRAINT "merchant_match_rules_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_linked_account_id_fkey" FOREIGN KEY ("linked_account_id") REFERENCES "linked_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Written by hand ────────────────────────────────────────────────────────────────────────────────
ALTER TABLE "billing_records" ADD CONSTRAINT "billing_records_amounts"
  CHECK ("award_minor" >= 0 AND "commission_minor" >= 0 AND "rate_bps" BETWEEN 0 AND 10000);
ALTER TABLE "provider_invoices" ADD CONSTRAINT "provider_invoices_amount" CHECK ("amount_minor" >= 0);
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_amount_positive" CHECK ("amount_minor" > 0);
