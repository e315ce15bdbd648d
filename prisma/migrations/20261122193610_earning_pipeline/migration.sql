/*
  Warnings:

  - A unique constraint covering the columns `[program_id,external_id]` on the table `members` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "ProcessingMode" AS ENUM ('AUTOMATIC', 'MANUAL');

-- CreateEnum
CREATE TYPE "PurchaseSource" AS ENUM ('WEBHOOK', 'REGISTER', 'LINKED_ACCOUNT', 'RECEIPT');

-- CreateEnum
CREATE TYPE "RewardStatus" AS ENUM ('PENDING_REVIEW', 'HELD', 'PENDING', 'AVAILABLE', 'REJECTED', 'REVERSED');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('SYSTEM', 'USER', 'WEBHOOK', 'CLI');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('ACCEPTED', 'DUPLICATE', 'REJECTED');

-- CreateEnum
CREATE TYPE "GuardKind" AS ENUM ('VELOCITY', 'REVIEW_THRESHOLD', 'CASHIER_CAP', 'RECEIPT_REPLAY', 'RATE_LIMIT', 'BAD_SIGNATURE');

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "segment" TEXT,
ADD COLUMN     "tier" TEXT;

-- AlterTable
ALTER TABLE "programs" ADD COLUMN     "cashier_daily_cap_minor" BIGINT,
ADD COLUMN     "hold_days" INTEGER NOT NULL DEFAULT 14,
ADD COLUMN     "processing_mode" "ProcessingMode" NOT NULL DEFAULT 'AUTOMATIC',
ADD COLUMN     "review_threshold_minor" BIGINT,
ADD COLUMN     "rule_set" JSONB NOT NULL DEFAULT '{"base":{"type":"percentage","bps":0}}',
ADD COLUMN     "rule_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "shopify_webhook_secret" TEXT,
ADD COLUMN     "velocity_limit_per_day" INTEGER,
ADD COLUMN     "woo_webhook_secret" TEXT;

-- CreateTable
CREATE TABLE "program_webhook_secrets" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "secret" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "program_webhook_secrets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchases" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "source" "PurchaseSource" NOT NULL,
    "order_id" TEXT NOT NULL,
    "origin" JSONB NOT NULL DEFAULT '{}',
    "amount_minor" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "customer_email" TEXT,
    "customer_external_id" TEXT,
    "customer_member_code" TEXT,
    "member_id" UUID,
    "cashier_user_id" UUID,
    "items" JSONB,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rewards" (
    "id" UUID NOT NULL,
    "purchase_id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "currency" "Currency" NOT NULL,
    "computed_minor" BIGINT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "status" "RewardStatus" NOT NULL,
    "explanation" TEXT NOT NULL,
    "rule_snapshot" JSONB NOT NULL,
    "available_at" TIMESTAMPTZ(3),
    "reversal_due_minor" BIGINT NOT NULL DEFAULT 0,
    "reversed_minor" BIGINT NOT NULL DEFAULT 0,
    "unrecovered_minor" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rewards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reward_events" (
    "id" BIGSERIAL NOT NULL,
    "reward_id" UUID NOT NULL,
    "from_status" "RewardStatus",
    "to_status" "RewardStatus" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "reason" TEXT,
    "ledger_transaction_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reward_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "webhook_id" TEXT,
    "event_type" TEXT,
    "order_id" TEXT,
    "status" "DeliveryStatus" NOT NULL,
    "http_status" INTEGER NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_events" (
    "program_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("program_id","key")
);

-- CreateTable
CREATE TABLE "guard_hits" (
    "id" BIGSERIAL NOT NULL,
    "program_id" UUID,
    "guard" "GuardKind" NOT NULL,
    "subject" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "guard_hits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "program_webhook_secrets_program_id_created_at_idx" ON "program_webhook_secrets"("program_id", "created_at");

-- CreateIndex
CREATE INDEX "purchases_program_id_customer_email_idx" ON "purchases"("program_id", "customer_email");

-- CreateIndex
CREATE INDEX "purchases_program_id_created_at_idx" ON "purchases"("program_id", "created_at");

-- CreateIndex
CREATE INDEX "purchases_cashier_user_id_created_at_idx" ON "purchases"("cashier_user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_program_id_source_order_id_key" ON "purchases"("program_id", "source", "order_id");

-- CreateIndex
CREATE UNIQUE INDEX "rewards_purchase_id_key" ON "rewards"("purchase_id");

-- CreateIndex
CREATE INDEX "rewards_status_available_at_idx" ON "rewards"("status", "available_at");

-- CreateIndex
CREATE INDEX "rewards_program_id_status_created_at_idx" ON "rewards"("program_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "rewards_member_id_created_at_idx" ON "rewards"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "reward_events_reward_id_id_idx" ON "reward_events"("reward_id", "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_program_id_created_at_idx" ON "webhook_deliveries"("program_id", "created_at");

-- CreateIndex
CREATE INDEX "guard_hits_program_id_guard_created_at_idx" ON "guard_hits"("program_id", "guard", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "members_program_id_external_id_key" ON "members"("program_id", "external_id");

-- AddForeignKey
ALTER TABLE "program_webhook_secrets" ADD CONSTRAINT "program_webhook_secrets_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "purchases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reward_events" ADD CONSTRAINT "reward_events_reward_id_fkey" FOREIGN KEY ("reward_id") REFERENCES "rewards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Business rules the database can hold on its own.
ALTER TABLE "programs" ADD CONSTRAINT "programs_hold_days_range" CHECK ("hold_days" BETWEEN 0 AND 30);
ALTER TABLE "programs" ADD CONSTRAINT "programs_limits_positive"
  CHECK (("review_threshold_minor" IS NULL OR "review_threshold_minor" >= 0)
     AND ("cashier_daily_cap_minor" IS NULL OR "cashier_daily_cap_minor" >= 0)
     AND ("velocity_limit_per_day" IS NULL OR "velocity_limit_per_day" >= 0));
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_amounts" CHECK ("amount_minor" >= 0 AND "refunded_minor" >= 0 AND "refunded_minor" <= "amount_minor");
ALTER TABLE "rewards" ADD CONSTRAINT "rewards_amounts"
  CHECK ("computed_minor" >= 0 AND "amount_minor" >= 0 AND "reversal_due_minor" >= 0 AND "reversed_minor" >= 0 AND "unrecovered_minor" >= 0);
-- Reward history is an audit trail: append-only.
CREATE TRIGGER reward_events_append_only BEFORE UPDATE OR DELETE ON "reward_events"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
