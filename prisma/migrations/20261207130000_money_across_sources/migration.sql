-- AlterTable
ALTER TABLE "bank_transactions" ADD COLUMN     "matched_purchase_id" UUID,
ADD COLUMN     "refund_of_purchase_id" UUID;

-- AlterTable
ALTER TABLE "purchases" ADD COLUMN     "duplicate_of_id" UUID;

-- CreateIndex
CREATE INDEX "purchases_member_id_occurred_at_idx" ON "purchases"("member_id", "occurred_at");
