-- CreateEnum
CREATE TYPE "AdjustmentOrigin" AS ENUM ('PLATFORM', 'PROVIDER');

-- AlterTable
ALTER TABLE "admin_adjustments" ADD COLUMN     "origin" "AdjustmentOrigin" NOT NULL DEFAULT 'PLATFORM';

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "earning_blocked_at" TIMESTAMPTZ(3),
ADD COLUMN     "earning_blocked_reason" TEXT;

-- A block always says why.
ALTER TABLE "members" ADD CONSTRAINT "members_earning_block_reason" CHECK ("earning_blocked_at" IS NULL OR "earning_blocked_reason" IS NOT NULL);

-- Only a platform admin's adjustment waits for a second admin; an owner's is posted (or refused) at once.
ALTER TABLE "admin_adjustments" ADD CONSTRAINT "admin_adjustments_provider_posted" CHECK ("origin" = 'PLATFORM' OR "status" = 'POSTED');
