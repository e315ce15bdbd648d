-- AlterTable
ALTER TABLE "guard_hits" ADD COLUMN     "aggregate_key" TEXT,
ADD COLUMN     "hits" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "program_webhook_secrets" ADD COLUMN     "secret_enc" TEXT,
ALTER COLUMN "secret" DROP NOT NULL;

-- AlterTable
ALTER TABLE "programs" ADD COLUMN     "shopify_webhook_secret_enc" TEXT,
ADD COLUMN     "woo_webhook_secret_enc" TEXT;

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "aggregate_key" TEXT,
ADD COLUMN     "repeats" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE UNIQUE INDEX "guard_hits_aggregate_key_key" ON "guard_hits"("aggregate_key");

-- CreateIndex
CREATE INDEX "guard_hits_created_at_idx" ON "guard_hits"("created_at");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_window_end_idx" ON "rate_limit_buckets"("window_end");

-- CreateIndex
CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_program_id_aggregate_key_key" ON "webhook_deliveries"("program_id", "aggregate_key");


-- A webhook secret is kept plain (legacy rows, until `program:encrypt-secrets`) or encrypted: never neither.
ALTER TABLE "program_webhook_secrets" ADD CONSTRAINT "program_webhook_secrets_secret_kept"
  CHECK ("secret" IS NOT NULL OR "secret_enc" IS NOT NULL);

-- An aggregated row stands for at least one refusal or hit.
ALTER TABLE "guard_hits" ADD CONSTRAINT "guard_hits_hits_positive" CHECK ("hits" >= 1);
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_repeats_positive" CHECK ("repeats" >= 1);
