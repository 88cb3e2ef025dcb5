-- CreateTable
CREATE TABLE "Source" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Article" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT,
    "title" TEXT,
    "publishedAt" DATETIME,
    "dateline" TEXT,
    "body" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'en',
    "contentHash" TEXT NOT NULL,
    "sourceId" INTEGER,
    "ingestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "extractorVersion" TEXT NOT NULL,
    CONSTRAINT "Article_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Actor" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "countryCode" TEXT,
    "title" TEXT,
    "parentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Actor_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Actor" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActorAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    CONSTRAINT "ActorAlias_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActorRedirect" (
    "fromId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "actorId" INTEGER NOT NULL,
    "mergedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ActorRedirect_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActorMention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "ActorMention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActorMention_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Place" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "countryCode" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "parentId" INTEGER,
    CONSTRAINT "Place_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Place" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlaceAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "placeId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    CONSTRAINT "PlaceAlias_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "speakerId" INTEGER,
    "quote" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cue" TEXT,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "confidence" REAL NOT NULL DEFAULT 1,
    "eventId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Statement_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Statement_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Actor" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Statement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "date" DATETIME,
    "datePrecision" TEXT NOT NULL DEFAULT 'UNKNOWN',
    "placeId" INTEGER,
    "fatalities" INTEGER,
    "injuries" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'REPORTED',
    "confidence" REAL NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Event_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventParticipant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    CONSTRAINT "EventParticipant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventParticipant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "articleId" INTEGER NOT NULL,
    "statementId" INTEGER,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    CONSTRAINT "EventReport_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventReport_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventReport_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_name_key" ON "Source"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Source_domain_key" ON "Source"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "Article_url_key" ON "Article"("url");

-- CreateIndex
CREATE UNIQUE INDEX "Article_contentHash_key" ON "Article"("contentHash");

-- CreateIndex
CREATE INDEX "Article_publishedAt_id_idx" ON "Article"("publishedAt", "id");

-- CreateIndex
CREATE INDEX "Article_sourceId_publishedAt_id_idx" ON "Article"("sourceId", "publishedAt", "id");

-- CreateIndex
CREATE INDEX "Article_ingestedAt_id_idx" ON "Article"("ingestedAt", "id");

-- CreateIndex
CREATE INDEX "Actor_name_id_idx" ON "Actor"("name", "id");

-- CreateIndex
CREATE INDEX "Actor_kind_name_idx" ON "Actor"("kind", "name");

-- CreateIndex
CREATE INDEX "Actor_countryCode_name_idx" ON "Actor"("countryCode", "name");

-- CreateIndex
CREATE INDEX "Actor_parentId_idx" ON "Actor"("parentId");

-- CreateIndex
CREATE INDEX "ActorAlias_normalized_idx" ON "ActorAlias"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "ActorAlias_actorId_normalized_key" ON "ActorAlias"("actorId", "normalized");

-- CreateIndex
CREATE INDEX "ActorRedirect_actorId_idx" ON "ActorRedirect"("actorId");

-- CreateIndex
CREATE INDEX "ActorMention_articleId_start_idx" ON "ActorMention"("articleId", "start");

-- CreateIndex
CREATE INDEX "ActorMention_actorId_articleId_idx" ON "ActorMention"("actorId", "articleId");

-- CreateIndex
CREATE INDEX "Place_name_id_idx" ON "Place"("name", "id");

-- CreateIndex
CREATE INDEX "Place_countryCode_idx" ON "Place"("countryCode");

-- CreateIndex
CREATE INDEX "Place_parentId_idx" ON "Place"("parentId");

-- CreateIndex
CREATE INDEX "PlaceAlias_normalized_idx" ON "PlaceAlias"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "PlaceAlias_placeId_normalized_key" ON "PlaceAlias"("placeId", "normalized");

-- CreateIndex
CREATE INDEX "Statement_articleId_start_idx" ON "Statement"("articleId", "start");

-- CreateIndex
CREATE INDEX "Statement_speakerId_id_idx" ON "Statement"("speakerId", "id");

-- CreateIndex
CREATE INDEX "Statement_eventId_id_idx" ON "Statement"("eventId", "id");

-- CreateIndex
CREATE INDEX "Statement_kind_id_idx" ON "Statement"("kind", "id");

-- CreateIndex
CREATE INDEX "Event_date_id_idx" ON "Event"("date", "id");

-- CreateIndex
CREATE INDEX "Event_type_date_id_idx" ON "Event"("type", "date", "id");

-- CreateIndex
CREATE INDEX "Event_status_date_id_idx" ON "Event"("status", "date", "id");

-- CreateIndex
CREATE INDEX "Event_placeId_date_id_idx" ON "Event"("placeId", "date", "id");

-- CreateIndex
CREATE INDEX "EventParticipant_actorId_eventId_idx" ON "EventParticipant"("actorId", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "EventParticipant_eventId_actorId_role_key" ON "EventParticipant"("eventId", "actorId", "role");

-- CreateIndex
CREATE INDEX "EventReport_eventId_id_idx" ON "EventReport"("eventId", "id");

-- CreateIndex
CREATE INDEX "EventReport_articleId_start_idx" ON "EventReport"("articleId", "start");

-- CreateIndex
CREATE INDEX "EventReport_statementId_idx" ON "EventReport"("statementId");

-- ---------------------------------------------------------------------------------------------
-- Full-text search (hand-written: Prisma's model can't express FTS5 virtual tables or triggers).
-- External-content FTS5 tables index Article(title, body) and Statement(quote) by rowid = id and are
-- kept in sync by triggers. The engine is told to ignore these tables and their shadow tables
-- (ArticleSearch_data, _idx, _docsize, _config): see externalTablesOf in server/storage/schema-engine.ts.
-- Query: SELECT rowid, bm25("ArticleSearch") FROM "ArticleSearch" WHERE "ArticleSearch" MATCH ? ORDER BY 2
-- NOTE: a later migration that redefines "Article" or "Statement" (SQLite's copy-and-rename for some
-- ALTERs) drops these triggers: re-create them and run
--   INSERT INTO "ArticleSearch"("ArticleSearch") VALUES ('rebuild');
-- in that migration.

-- CreateFullTextSearch
CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
    title,
    body,
    content='Article',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Article_search_insert" AFTER INSERT ON "Article" BEGIN
    INSERT INTO "ArticleSearch"(rowid, title, body) VALUES (new."id", new."title", new."body");
END;

CREATE TRIGGER "Article_search_delete" AFTER DELETE ON "Article" BEGIN
    INSERT INTO "ArticleSearch"("ArticleSearch", rowid, title, body) VALUES ('delete', old."id", old."title", old."body");
END;

CREATE TRIGGER "Article_search_update" AFTER UPDATE OF "id", "title", "body" ON "Article" BEGIN
    INSERT INTO "ArticleSearch"("ArticleSearch", rowid, title, body) VALUES ('delete', old."id", old."title", old."body");
    INSERT INTO "ArticleSearch"(rowid, title, body) VALUES (new."id", new."title", new."body");
END;

-- CreateFullTextSearch
CREATE VIRTUAL TABLE "StatementSearch" USING fts5(
    quote,
    content='Statement',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Statement_search_insert" AFTER INSERT ON "Statement" BEGIN
    INSERT INTO "StatementSearch"(rowid, quote) VALUES (new."id", new."quote");
END;

CREATE TRIGGER "Statement_search_delete" AFTER DELETE ON "Statement" BEGIN
    INSERT INTO "StatementSearch"("StatementSearch", rowid, quote) VALUES ('delete', old."id", old."quote");
END;

CREATE TRIGGER "Statement_search_update" AFTER UPDATE OF "id", "quote" ON "Statement" BEGIN
    INSERT INTO "StatementSearch"("StatementSearch", rowid, quote) VALUES ('delete', old."id", old."quote");
    INSERT INTO "StatementSearch"(rowid, quote) VALUES (new."id", new."quote");
END;
