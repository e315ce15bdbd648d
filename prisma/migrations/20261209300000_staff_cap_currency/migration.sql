-- A staff member's register caps carry their currency: a cap applies only to the business's programs in that
-- currency; programs in another currency use their own cashier caps (docs/money-rules.md, "Cashier caps").
ALTER TABLE "staff_members" ADD COLUMN "daily_cap_currency" "Currency",
                            ADD COLUMN "daily_spend_cap_currency" "Currency";
ALTER TABLE "staff_invitations" ADD COLUMN "daily_cap_currency" "Currency";

-- Existing caps were typed and shown in the currency of the business's first program: they keep it.
UPDATE "staff_members" s
   SET "daily_cap_currency" = CASE WHEN s."daily_cap_minor" IS NULL THEN NULL ELSE f.currency END,
       "daily_spend_cap_currency" = CASE WHEN s."daily_spend_cap_minor" IS NULL THEN NULL ELSE f.currency END
  FROM (SELECT DISTINCT ON (p."provider_id") p."provider_id", p."currency" FROM "programs" p ORDER BY p."provider_id", p."created_at", p."id") f
 WHERE f."provider_id" = s."provider_id" AND (s."daily_cap_minor" IS NOT NULL OR s."daily_spend_cap_minor" IS NOT NULL);
UPDATE "staff_invitations" i
   SET "daily_cap_currency" = f.currency
  FROM (SELECT DISTINCT ON (p."provider_id") p."provider_id", p."currency" FROM "programs" p ORDER BY p."provider_id", p."created_at", p."id") f
 WHERE f."provider_id" = i."provider_id" AND i."daily_cap_minor" IS NOT NULL;
-- A business without a program had no currency to show its caps in: EUR, the default the Staff page used.
UPDATE "staff_members" SET "daily_cap_currency" = 'EUR' WHERE "daily_cap_minor" IS NOT NULL AND "daily_cap_currency" IS NULL;
UPDATE "staff_members" SET "daily_spend_cap_currency" = 'EUR' WHERE "daily_spend_cap_minor" IS NOT NULL AND "daily_spend_cap_currency" IS NULL;
UPDATE "staff_invitations" SET "daily_cap_currency" = 'EUR' WHERE "daily_cap_minor" IS NOT NULL AND "daily_cap_currency" IS NULL;

-- An amount never without its currency, a currency never without an amount.
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_daily_cap_currency" CHECK (("daily_cap_minor" IS NULL) = ("daily_cap_currency" IS NULL));
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_daily_spend_cap_currency" CHECK (("daily_spend_cap_minor" IS NULL) = ("daily_spend_cap_currency" IS NULL));
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_daily_cap_currency" CHECK (("daily_cap_minor" IS NULL) = ("daily_cap_currency" IS NULL));
