-- A payout the bank returned after it was invoiced: its invoiced part is credited to the prepaid balance only once
-- the invoice is paid (docs/money-rules.md, "Funding payouts"); a voided invoice credits nothing and leaves nothing
-- owed. credited_minor is what was credited, so the funding check can prove the prepaid balance.
ALTER TABLE "payout_charges" ADD COLUMN "credited_minor" BIGINT NOT NULL DEFAULT 0;

-- Before this, a returned payout credited its invoiced part at once, whatever became of the invoice.
UPDATE "payout_charges" SET "credited_minor" = "invoiced_minor" WHERE "charged_back_at" IS NOT NULL;

ALTER TABLE "payout_charges" ADD CONSTRAINT "payout_charges_credited" CHECK (
  "credited_minor" >= 0 AND "credited_minor" <= "invoiced_minor" AND ("credited_minor" = 0 OR "charged_back_at" IS NOT NULL)
);
