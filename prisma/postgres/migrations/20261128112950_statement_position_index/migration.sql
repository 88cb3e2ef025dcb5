-- DropIndex
DROP INDEX "Statement_articleId_start_idx";

-- CreateIndex
CREATE INDEX "Statement_articleId_start_id_idx" ON "Statement"("articleId", "start", "id");
