-- CreateEnum
CREATE TYPE "AdjustmentDirection" AS ENUM ('CREDIT', 'DEBIT');

-- CreateEnum
CREATE TYPE "AdjustmentStatus" AS ENUM ('PENDING_APPROVAL', 'POSTED', 'REJECTED');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "locked_at" TIMESTAMPTZ(3),
ADD COLUMN     "locked_reason" TEXT;

-- CreateTable
CREATE TABLE "admin_adjustments" (
    "id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "direction" "AdjustmentDirection" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by_id" UUID NOT NULL,
    "status" "AdjustmentStatus" NOT NULL,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "ledger_transaction_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_adjustments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "admin_adjustments_status_created_at_idx" ON "admin_adjustments"("status", "created_at");

-- CreateIndex
CREATE INDEX "admin_adjustments_member_id_idx" ON "admin_adjustments"("member_id");

-- An adjustment moves a positive amount one way or the other; a second admin decides, never the requester.
ALTER TABLE "admin_adjustments" ADD CONSTRAINT "admin_adjustments_amount_positive" CHECK ("amount_minor" > 0);
ALTER TABLE "admin_adjustments" ADD CONSTRAINT "admin_adjustments_second_admin" CHECK ("decided_by_id" IS NULL OR "decided_by_id" <> "requested_by_id");
