-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "createdByArticleId" INTEGER;

-- CreateIndex
CREATE INDEX "Event_createdByArticleId_idx" ON "Event"("createdByArticleId");

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_createdByArticleId_fkey" FOREIGN KEY ("createdByArticleId") REFERENCES "Article"("id") ON DELETE SET NULL ON UPDATE CASCADE;
