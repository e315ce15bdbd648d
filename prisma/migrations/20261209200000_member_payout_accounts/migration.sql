-- Member payouts through Stripe-accepted Express accounts (docs/money-rules.md, "Paying members out"):
-- one connected account per person, created on their first withdrawal and onboarded on Stripe's hosted pages;
-- withdrawals wait for it; the transfer made for a withdrawal is remembered; Stripe's payout and account fees
-- are the platform's cost, in an account of their own.

-- AlterEnum
ALTER TYPE "WithdrawalStatus" ADD VALUE 'AWAITING_PAYOUT_SETUP' AFTER 'AWAITING_APPROVAL';

-- AlterEnum
ALTER TYPE "LedgerAccountKind" ADD VALUE 'PLATFORM_PAYOUT_COSTS';

-- AlterTable
ALTER TABLE "withdrawals" ADD COLUMN "transfer_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_transfer_id_key" ON "withdrawals"("transfer_id");

-- CreateTable
CREATE TABLE "member_payout_accounts" (
    "user_id" UUID NOT NULL,
    "stripe_account_id" TEXT NOT NULL,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_payout_accounts_pkey" PRIMARY KEY ("user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_payout_accounts_stripe_account_id_key" ON "member_payout_accounts"("stripe_account_id");

-- AddForeignKey
ALTER TABLE "member_payout_accounts" ADD CONSTRAINT "member_payout_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The payout costs account is the platform's expense: it goes below zero (what Stripe charged), like the
-- other kinds the ledger allows negative.
-- (Compared as text: a value added to an enum cannot be used as one in the transaction that adds it.)
ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_non_negative";
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_non_negative"
  CHECK ("balance" >= 0 OR "kind"::text IN ('PROVIDER_LIABILITY', 'PROVIDER_FEES_OWED', 'EXTERNAL', 'PLATFORM_PAYOUT_COSTS'));
