-- CreateTable
CREATE TABLE "early_refunds" (
    "program_id" UUID NOT NULL,
    "source" "PurchaseSource" NOT NULL,
    "order_id" TEXT NOT NULL,
    "refund_key" TEXT NOT NULL,
    "refund_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "early_refunds_pkey" PRIMARY KEY ("program_id","source","order_id","refund_key")
);

ALTER TABLE "early_refunds" ADD CONSTRAINT "early_refunds_amount_positive" CHECK ("refund_minor" > 0);
