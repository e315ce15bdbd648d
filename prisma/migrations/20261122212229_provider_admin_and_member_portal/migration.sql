-- CreateEnum
CREATE TYPE "MembershipInterval" AS ENUM ('MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('PENDING_PAYMENT', 'ACTIVE', 'SUSPENDED', 'LEFT');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('EARNED', 'AVAILABLE', 'EXPIRING', 'REVERSED', 'REJECTED', 'RECEIPT', 'WITHDRAWAL');

-- CreateEnum
CREATE TYPE "EmailDelivery" AS ENUM ('PENDING', 'SENT', 'SKIPPED');

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "status" "MemberStatus" NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "status_changed_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "programs" ADD COLUMN     "address" TEXT,
ADD COLUMN     "contact_email" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "cover_key" TEXT,
ADD COLUMN     "expiry_months" INTEGER,
ADD COLUMN     "logo_key" TEXT,
ADD COLUMN     "membership_interval" "MembershipInterval",
ADD COLUMN     "membership_price_minor" BIGINT,
ADD COLUMN     "opening_hours" TEXT,
ADD COLUMN     "published_at" TIMESTAMPTZ(3),
ADD COLUMN     "social_links" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "website" TEXT;

-- AlterTable
ALTER TABLE "staff_members" ADD COLUMN     "daily_cap_minor" BIGINT;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "staff_invitations" (
    "id" UUID NOT NULL,
    "provider_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "daily_cap_minor" BIGINT,
    "invited_by_id" UUID,
    "accepted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_invitations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_set_versions" (
    "program_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "rule_set" JSONB NOT NULL,
    "created_by_id" UUID,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_set_versions_pkey" PRIMARY KEY ("program_id","version")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "provider_id" UUID,
    "program_id" UUID,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "receipts" (
    "id" UUID NOT NULL,
    "program_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "image_key" TEXT NOT NULL,
    "image_sha256" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "currency" "Currency" NOT NULL,
    "purchased_on" DATE NOT NULL,
    "receipt_number" TEXT,
    "purchase_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "receipts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT,
    "read_at" TIMESTAMPTZ(3),
    "email_status" "EmailDelivery" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "user_id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "in_app" BOOLEAN NOT NULL DEFAULT true,
    "email" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("user_id","kind")
);

-- CreateIndex
CREATE INDEX "staff_invitations_email_idx" ON "staff_invitations"("email");

-- CreateIndex
CREATE UNIQUE INDEX "staff_invitations_provider_id_email_key" ON "staff_invitations"("provider_id", "email");

-- CreateIndex
CREATE INDEX "audit_logs_provider_id_id_idx" ON "audit_logs"("provider_id", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_program_id_action_id_idx" ON "audit_logs"("program_id", "action", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "receipts_purchase_id_key" ON "receipts"("purchase_id");

-- CreateIndex
CREATE INDEX "receipts_member_id_created_at_idx" ON "receipts"("member_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "receipts_program_id_image_sha256_key" ON "receipts"("program_id", "image_sha256");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_user_id_id_idx" ON "notifications"("user_id", "id" DESC);

-- CreateIndex
CREATE INDEX "notifications_email_status_id_idx" ON "notifications"("email_status", "id");

-- AddForeignKey
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_set_versions" ADD CONSTRAINT "rule_set_versions_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Written by hand: what Prisma cannot express ───────────────────────────────────────────────────

ALTER TABLE "programs" ADD CONSTRAINT "programs_expiry_months_range" CHECK ("expiry_months" IS NULL OR "expiry_months" BETWEEN 1 AND 120);
ALTER TABLE "programs" ADD CONSTRAINT "programs_membership_price"
  CHECK (("membership_price_minor" IS NULL AND "membership_interval" IS NULL)
      OR ("membership_price_minor" > 0 AND "membership_interval" IS NOT NULL));
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_daily_cap" CHECK ("daily_cap_minor" IS NULL OR "daily_cap_minor" >= 0);
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_daily_cap" CHECK ("daily_cap_minor" IS NULL OR "daily_cap_minor" >= 0);
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_amount_positive" CHECK ("amount_minor" > 0);

-- The same receipt typed in twice (even from another photo) is refused: same member, day, amount and number.
CREATE UNIQUE INDEX "receipts_details_key"
  ON "receipts" ("program_id", "member_id", "purchased_on", "amount_minor", coalesce("receipt_number", ''));

-- The audit log and the rule history are records of the past: append-only.
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER rule_set_versions_append_only BEFORE UPDATE OR DELETE ON "rule_set_versions"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

-- Every existing program's current rules become its first recorded version.
INSERT INTO "rule_set_versions" ("program_id", "version", "rule_set", "note")
SELECT "id", "rule_version", "rule_set", 'rules in force when versioning began' FROM "programs";

-- A member hears about every reward change that concerns them: written here, in the same transaction as the
-- reward's status change, so no code path can forget one. The text is rendered by the app from `data`.
CREATE FUNCTION reward_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k "NotificationKind";
  r record;
BEGIN
  IF NEW.to_status = 'PENDING' AND NEW.from_status IS DISTINCT FROM 'PENDING' THEN
    k := 'EARNED';
  ELSIF NEW.to_status = 'AVAILABLE' AND NEW.from_status = 'PENDING' THEN
    k := 'AVAILABLE';
  ELSIF NEW.to_status = 'AVAILABLE' AND NEW.from_status IN ('PENDING_REVIEW', 'HELD') THEN
    k := 'EARNED';
  ELSIF NEW.to_status = 'REVERSED' AND NEW.from_status IS DISTINCT FROM 'REVERSED' THEN
    k := 'REVERSED';
  ELSIF NEW.to_status = 'REJECTED' AND NEW.from_status = 'PENDING' THEN
    k := 'REVERSED';
  ELSIF NEW.to_status = 'REJECTED' AND NEW.from_status IN ('PENDING_REVIEW', 'HELD') THEN
    k := 'REJECTED';
  ELSE
    RETURN NULL;
  END IF;
  SELECT m.user_id, p.name, p.slug, rw.currency, rw.available_at, rw.purchase_id INTO r
    FROM rewards rw JOIN members m ON m.id = rw.member_id JOIN programs p ON p.id = rw.program_id
   WHERE rw.id = NEW.reward_id;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO notifications (user_id, kind, data) VALUES (r.user_id, k, jsonb_build_object(
    'rewardId', NEW.reward_id,
    'purchaseId', r.purchase_id,
    'amountMinor', NEW.amount_minor::text,
    'currency', r.currency,
    'programName', r.name,
    'programSlug', r.slug,
    'availableAt', r.available_at,
    'reason', NEW.reason));
  RETURN NULL;
END;
$$;
CREATE TRIGGER reward_events_notify AFTER INSERT ON "reward_events"
  FOR EACH ROW EXECUTE FUNCTION reward_event_notify();
