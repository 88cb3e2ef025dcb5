-- AlterTable
ALTER TABLE "Actor" ADD COLUMN     "correctedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Statement" ADD COLUMN     "correctedAt" TIMESTAMP(3);
