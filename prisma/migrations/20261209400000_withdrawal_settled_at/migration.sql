-- A paid withdrawal's money waits in payouts clearing until the bank can no longer return it: after the return
-- window (PAYOUT_RETURN_WINDOW_DAYS from paid_at) it is settled to Stripe and settled_at is set
-- (docs/money-rules.md, "Paying members out").
ALTER TABLE "withdrawals" ADD COLUMN "paid_at" TIMESTAMPTZ(3),
                          ADD COLUMN "settled_at" TIMESTAMPTZ(3);

-- Withdrawals paid before: paid when their capture was posted.
UPDATE "withdrawals" w
   SET "paid_at" = t."created_at"
  FROM "ledger_transactions" t
 WHERE t."idempotency_key" = 'withdrawal:' || w."id"::text || ':capture' AND w."status" = 'PAID';
UPDATE "withdrawals" SET "paid_at" = "updated_at" WHERE "status" = 'PAID' AND "paid_at" IS NULL;

