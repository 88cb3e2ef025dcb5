-- AlterTable
ALTER TABLE "Actor" ADD COLUMN "correctedAt" DATETIME;

-- AlterTable
ALTER TABLE "Statement" ADD COLUMN "correctedAt" DATETIME;
