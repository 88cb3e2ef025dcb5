-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('STATE', 'GOVERNMENT', 'MILITARY', 'PERSON', 'ORGANIZATION', 'ARMED_GROUP', 'MEDIA', 'OTHER');

-- CreateEnum
CREATE TYPE "PlaceKind" AS ENUM ('COUNTRY', 'REGION', 'DISTRICT', 'CITY', 'SITE', 'OTHER');

-- CreateEnum
CREATE TYPE "StatementKind" AS ENUM ('DIRECT', 'INDIRECT', 'MIXED');

-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT', 'OTHER');

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'MONTH', 'YEAR', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('REPORTED', 'ALLEGED', 'DENIED');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('SOURCE', 'TARGET', 'OTHER');

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "domain" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" SERIAL NOT NULL,
    "url" TEXT,
    "title" TEXT,
    "publishedAt" TIMESTAMP(3),
    "dateline" TEXT,
    "body" TEXT NOT NULL,
    "language" TEXT NOT NULL DEFAULT 'en',
    "contentHash" TEXT NOT NULL,
    "sourceId" INTEGER,
    "ingestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "extractorVersion" TEXT NOT NULL,
    "searchVector" tsvector,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Actor" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ActorKind" NOT NULL,
    "countryCode" TEXT,
    "title" TEXT,
    "parentId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Actor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActorAlias" (
    "id" SERIAL NOT NULL,
    "actorId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,

    CONSTRAINT "ActorAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActorRedirect" (
    "fromId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "mergedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActorRedirect_pkey" PRIMARY KEY ("fromId")
);

-- CreateTable
CREATE TABLE "ActorMention" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "ActorMention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Place" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "PlaceKind" NOT NULL,
    "countryCode" TEXT,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "parentId" INTEGER,

    CONSTRAINT "Place_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaceAlias" (
    "id" SERIAL NOT NULL,
    "placeId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,

    CONSTRAINT "PlaceAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "speakerId" INTEGER,
    "quote" TEXT NOT NULL,
    "kind" "StatementKind" NOT NULL,
    "cue" TEXT,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "eventId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "searchVector" tsvector,

    CONSTRAINT "Statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "type" "EventType" NOT NULL,
    "summary" TEXT NOT NULL,
    "date" TIMESTAMP(3),
    "datePrecision" "DatePrecision" NOT NULL DEFAULT 'UNKNOWN',
    "placeId" INTEGER,
    "fatalities" INTEGER,
    "injuries" INTEGER,
    "status" "EventStatus" NOT NULL DEFAULT 'REPORTED',
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventParticipant" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "actorId" INTEGER NOT NULL,
    "role" "ParticipantRole" NOT NULL,

    CONSTRAINT "EventParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventReport" (
    "id" SERIAL NOT NULL,
    "eventId" INTEGER NOT NULL,
    "articleId" INTEGER NOT NULL,
    "statementId" INTEGER,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,

    CONSTRAINT "EventReport_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "Article_publishedAt_id_idx" ON "Article"("publishedAt" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "Article_sourceId_publishedAt_id_idx" ON "Article"("sourceId", "publishedAt" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "Article_ingestedAt_id_idx" ON "Article"("ingestedAt", "id");

-- CreateIndex
CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");

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
CREATE INDEX "Statement_searchVector_idx" ON "Statement" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Event_date_id_idx" ON "Event"("date" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "Event_type_date_id_idx" ON "Event"("type", "date" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "Event_status_date_id_idx" ON "Event"("status", "date" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "Event_placeId_date_id_idx" ON "Event"("placeId", "date" NULLS FIRST, "id");

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

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Actor" ADD CONSTRAINT "Actor_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorAlias" ADD CONSTRAINT "ActorAlias_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorRedirect" ADD CONSTRAINT "ActorRedirect_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorMention" ADD CONSTRAINT "ActorMention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActorMention" ADD CONSTRAINT "ActorMention_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Place" ADD CONSTRAINT "Place_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaceAlias" ADD CONSTRAINT "PlaceAlias_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Actor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Event" ADD CONSTRAINT "Event_placeId_fkey" FOREIGN KEY ("placeId") REFERENCES "Place"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventParticipant" ADD CONSTRAINT "EventParticipant_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventReport" ADD CONSTRAINT "EventReport_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventReport" ADD CONSTRAINT "EventReport_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventReport" ADD CONSTRAINT "EventReport_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Full-text search (hand-written: Prisma's model can't express triggers).
-- "Article"."searchVector" and "Statement"."searchVector" (Unsupported("tsvector") in the schema, with
-- the GIN indexes above) are filled by BEFORE INSERT/UPDATE triggers. Prisma's schema comparison does
-- not look at functions or triggers, so these are not drift.
-- Query: WHERE "searchVector" @@ websearch_to_tsquery('english', $1)
--        ORDER BY ts_rank("searchVector", websearch_to_tsquery('english', $1)) DESC

-- CreateFullTextSearch
CREATE FUNCTION "Article_searchVector_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."searchVector" :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW."title", '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(NEW."body", '')), 'B');
    RETURN NEW;
END
$$;

CREATE TRIGGER "Article_searchVector_trigger"
    BEFORE INSERT OR UPDATE OF "title", "body" ON "Article"
    FOR EACH ROW EXECUTE FUNCTION "Article_searchVector_update"();

-- CreateFullTextSearch
CREATE FUNCTION "Statement_searchVector_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."searchVector" := to_tsvector('english'::regconfig, coalesce(NEW."quote", ''));
    RETURN NEW;
END
$$;

CREATE TRIGGER "Statement_searchVector_trigger"
    BEFORE INSERT OR UPDATE OF "quote" ON "Statement"
    FOR EACH ROW EXECUTE FUNCTION "Statement_searchVector_update"();
