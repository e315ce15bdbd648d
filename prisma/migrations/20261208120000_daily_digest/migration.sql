-- AlterTable
ALTER TABLE "staff_members" ADD COLUMN     "digest_enabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "digest_send_minute" SMALLINT NOT NULL DEFAULT 480,
ADD COLUMN     "digest_time_zone" TEXT NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "digest_sends" (
    "staff_member_id" UUID NOT NULL,
    "local_date" DATE NOT NULL,
    "time_zone" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_sends_pkey" PRIMARY KEY ("staff_member_id","local_date")
);

-- AddForeignKey
ALTER TABLE "digest_sends" ADD CONSTRAINT "digest_sends_staff_member_id_fkey" FOREIGN KEY ("staff_member_id") REFERENCES "staff_members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A send time is a minute of the day.
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_digest_send_minute_check" CHECK ("digest_send_minute" BETWEEN 0 AND 1439);
