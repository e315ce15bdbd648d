-- A lost dispute on a membership payment (docs/memberships-connect.md, "Refunds and disputes"): Stripe debits the
-- platform, and Boomerang takes the business's share back by reversing the destination charge's transfer.
-- A charge can be disputed once, so one dispute per payment.
ALTER TABLE "membership_payments"
  ADD COLUMN "stripe_dispute_id" TEXT,
  ADD COLUMN "dispute_status" TEXT,
  ADD COLUMN "disputed_minor" BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN "dispute_reversed_minor" BIGINT NOT NULL DEFAULT 0,
  ADD CONSTRAINT "membership_payments_dispute_amounts" CHECK ("disputed_minor" >= 0 AND "disputed_minor" <= "gross_minor"
    AND "dispute_reversed_minor" >= 0 AND "dispute_reversed_minor" <= "transfer_reversed_minor");

CREATE UNIQUE INDEX "membership_payments_stripe_dispute_id_key" ON "membership_payments"("stripe_dispute_id");
