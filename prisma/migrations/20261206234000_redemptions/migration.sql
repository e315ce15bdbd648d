-- CreateEnum
CREATE TYPE "RedemptionStatus" AS ENUM ('REQUIRES_CAPTURE', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'CANCELED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "RedemptionSource" AS ENUM ('API', 'REGISTER');

-- CreateEnum
CREATE TYPE "VoucherStatus" AS ENUM ('ACTIVE', 'REDEEMED', 'CANCELED', 'EXPIRED');

-- AlterEnum
ALTER TYPE "ActorType" ADD VALUE 'API_KEY';

-- AlterEnum
ALTER TYPE "GuardKind" ADD VALUE 'CASHIER_SPEND_CAP';

-- AlterEnum
ALTER TYPE "LedgerTransactionKind" ADD VALUE 'REDEEM_REFUND';

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'SPENT';

-- AlterTable
ALTER TABLE "programs" ADD COLUMN     "cashier_daily_spend_cap_minor" BIGINT,
ADD COLUMN     "voucher_validity_days" INTEGER NOT NULL DEFAULT 7;

-- AlterTable
ALTER TABLE "staff_members" ADD COLUMN     "daily_spend_cap_minor" BIGINT;

-- CreateTable
CREATE TABLE "program_api_keys" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_by_id" UUID,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "program_api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "program_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER NOT NULL,
    "response_body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("program_id","key")
);

-- CreateTable
CREATE TABLE "redemptions" (
    "id" TEXT NOT NULL,
    "program_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount_requested" BIGINT NOT NULL,
    "amount_held" BIGINT NOT NULL,
    "amount_captured" BIGINT NOT NULL DEFAULT 0,
    "amount_refunded" BIGINT NOT NULL DEFAULT 0,
    "status" "RedemptionStatus" NOT NULL,
    "source" "RedemptionSource" NOT NULL,
    "hold_id" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "voucher_id" UUID,
    "api_key_id" UUID,
    "cashier_user_id" UUID,
    "captured_at" TIMESTAMPTZ(3),
    "canceled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "redemption_refunds" (
    "id" TEXT NOT NULL,
    "redemption_id" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "reason" TEXT,
    "ledger_transaction_id" BIGINT NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "redemption_refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vouchers" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "currency" "Currency" NOT NULL,
    "amount" BIGINT NOT NULL,
    "hold_id" BIGINT NOT NULL,
    "status" "VoucherStatus" NOT NULL DEFAULT 'ACTIVE',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "redemption_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vouchers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "program_api_keys_key_hash_key" ON "program_api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "program_api_keys_program_id_idx" ON "program_api_keys"("program_id");

-- CreateIndex
CREATE INDEX "redemptions_program_id_created_at_idx" ON "redemptions"("program_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "redemptions_program_id_order_id_idx" ON "redemptions"("program_id", "order_id");

-- CreateIndex
CREATE INDEX "redemptions_member_id_idx" ON "redemptions"("member_id");

-- CreateIndex
CREATE INDEX "redemptions_status_expires_at_idx" ON "redemptions"("status", "expires_at");

-- CreateIndex
CREATE INDEX "redemption_refunds_redemption_id_idx" ON "redemption_refunds"("redemption_id");

-- CreateIndex
CREATE UNIQUE INDEX "vouchers_code_key" ON "vouchers"("code");

-- CreateIndex
CREATE INDEX "vouchers_member_id_idx" ON "vouchers"("member_id");

-- CreateIndex
CREATE INDEX "vouchers_status_expires_at_idx" ON "vouchers"("status", "expires_at");

-- AddForeignKey
ALTER TABLE "program_api_keys" ADD CONSTRAINT "program_api_keys_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "redemption_refunds" ADD CONSTRAINT "redemption_refunds_redemption_id_fkey" FOREIGN KEY ("redemption_id") REFERENCES "redemptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Amounts the database keeps consistent whatever the code does.
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_amounts" CHECK (
  "amount_held" > 0 AND "amount_held" <= "amount_requested" AND "amount_captured" >= 0 AND "amount_captured" <= "amount_held"
  AND "amount_refunded" >= 0 AND "amount_refunded" <= "amount_captured");
ALTER TABLE "redemption_refunds" ADD CONSTRAINT "redemption_refunds_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "programs" ADD CONSTRAINT "programs_voucher_validity_days" CHECK ("voucher_validity_days" BETWEEN 1 AND 90);
ALTER TABLE "programs" ADD CONSTRAINT "programs_cashier_daily_spend_cap_positive" CHECK ("cashier_daily_spend_cap_minor" IS NULL OR "cashier_daily_spend_cap_minor" > 0);
