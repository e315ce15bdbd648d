-- Cashback expires per reward (docs/money-rules.md, "Expiry").
ALTER TYPE "RewardStatus" ADD VALUE 'EXPIRED';

ALTER TABLE "rewards" ADD COLUMN "expired_minor" BIGINT NOT NULL DEFAULT 0;

-- Turning expiry on, or shortening it, restarts the clock for cashback that is already available.
ALTER TABLE "programs" ADD COLUMN "expiry_clock_from" TIMESTAMPTZ(3);

CREATE FUNCTION programs_expiry_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.expiry_months IS NOT NULL AND (OLD.expiry_months IS NULL OR NEW.expiry_months < OLD.expiry_months) THEN
    NEW.expiry_clock_from := now();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER programs_expiry_clock BEFORE UPDATE OF expiry_months ON "programs"
  FOR EACH ROW EXECUTE FUNCTION programs_expiry_clock();

-- A voided commission invoice gives its records back; the month is invoiced again under the next attempt.
ALTER TABLE "provider_invoices" ADD COLUMN "attempt" INTEGER NOT NULL DEFAULT 0;
DROP INDEX "provider_invoices_provider_id_period_currency_key";
CREATE UNIQUE INDEX "provider_invoices_provider_id_period_currency_attempt_key" ON "provider_invoices"("provider_id", "period", "currency", "attempt");
