-- AlterTable
ALTER TABLE "providers" ADD COLUMN     "require_staff_two_factor" BOOLEAN NOT NULL DEFAULT false;
