-- Commission given back: when an award is reversed or reduced after its commission was charged, a CREDIT
-- record (negative amounts) answers the reward event that reduced it. One COMMISSION per reward stays the rule:
-- it is the row with reward_event_id 0.

-- CreateEnum
CREATE TYPE "BillingRecordKind" AS ENUM ('COMMISSION', 'CREDIT');

-- AlterTable
ALTER TABLE "billing_records" ADD COLUMN     "kind" "BillingRecordKind" NOT NULL DEFAULT 'COMMISSION',
ADD COLUMN     "reward_event_id" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE UNIQUE INDEX "billing_records_reward_id_reward_event_id_key" ON "billing_records"("reward_id", "reward_event_id");

-- DropIndex
DROP INDEX "billing_records_reward_id_key";

-- A commission is never negative and answers no event; a credit is never positive and answers one.
ALTER TABLE "billing_records" DROP CONSTRAINT "billing_records_amounts";
ALTER TABLE "billing_records" ADD CONSTRAINT "billing_records_amounts" CHECK (
  "rate_bps" BETWEEN 0 AND 10000 AND (
    ("kind" = 'COMMISSION' AND "reward_event_id" = 0 AND "award_minor" >= 0 AND "commission_minor" >= 0)
    OR ("kind" = 'CREDIT' AND "reward_event_id" > 0 AND "award_minor" <= 0 AND "commission_minor" <= 0)
  )
);
