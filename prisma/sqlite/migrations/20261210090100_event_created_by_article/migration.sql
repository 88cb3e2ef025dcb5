-- AlterTable: a column added in place, not Prisma's table redefinition, because triggers of other
-- tables (EventCountryRefresh) refer to "Event" and break while it is dropped and renamed.
ALTER TABLE "Event" ADD COLUMN "createdByArticleId" INTEGER CONSTRAINT "Event_createdByArticleId_fkey" REFERENCES "Article" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "Event_createdByArticleId_idx" ON "Event"("createdByArticleId");
