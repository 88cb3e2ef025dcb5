-- CreateTable
CREATE TABLE "EventCountry" (
    "countryCode" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,

    CONSTRAINT "EventCountry_pkey" PRIMARY KEY ("countryCode","eventId")
);

-- CreateIndex
CREATE INDEX "EventCountry_eventId_idx" ON "EventCountry"("eventId");

-- AddForeignKey
ALTER TABLE "EventCountry" ADD CONSTRAINT "EventCountry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- EventCountry upkeep (hand-written: Prisma's model can't express triggers). An event's countries
-- are its participants' actors' countries and its place's country. A new participant or a new event
-- can only add countries; anything else recomputes the countries of the events it touches. The
-- triggers run once per statement and read the changed rows from transition tables (PostgreSQL
-- allows those only on single-event triggers without column lists, hence one trigger per event).
-- What a trigger reads must not change under it: writers take turns (the service's advisory lock,
-- lockWrites in server/storage/db.ts).

-- Recomputes the countries of the events `ids`. It joins "Event", so that nothing is written for an
-- event that a cascade is deleting.
CREATE FUNCTION "EventCountry_refresh"(ids integer[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM "EventCountry" WHERE "eventId" = ANY(ids);
    INSERT INTO "EventCountry" ("countryCode", "eventId")
    SELECT a."countryCode", e."id" FROM "Event" e JOIN "EventParticipant" ep ON ep."eventId" = e."id" JOIN "Actor" a ON a."id" = ep."actorId"
     WHERE e."id" = ANY(ids) AND a."countryCode" IS NOT NULL
    UNION
    SELECT p."countryCode", e."id" FROM "Event" e JOIN "Place" p ON p."id" = e."placeId" WHERE e."id" = ANY(ids) AND p."countryCode" IS NOT NULL
    ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION "EventParticipant_eventCountry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "EventCountry" ("countryCode", "eventId")
        SELECT DISTINCT a."countryCode", n."eventId" FROM new_rows n JOIN "Actor" a ON a."id" = n."actorId" WHERE a."countryCode" IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM "EventCountry_refresh"(ARRAY(SELECT DISTINCT "eventId" FROM old_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM "EventCountry_refresh"(ARRAY(
            SELECT unnest(ARRAY[o."eventId", n."eventId"]) FROM old_rows o JOIN new_rows n USING ("id")
             WHERE (o."eventId", o."actorId") IS DISTINCT FROM (n."eventId", n."actorId")));
    ELSE -- TRUNCATE: only the places' countries remain.
        DELETE FROM "EventCountry";
        INSERT INTO "EventCountry" ("countryCode", "eventId")
        SELECT p."countryCode", e."id" FROM "Event" e JOIN "Place" p ON p."id" = e."placeId" WHERE p."countryCode" IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION "Event_eventCountry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "EventCountry" ("countryCode", "eventId")
        SELECT p."countryCode", n."id" FROM new_rows n JOIN "Place" p ON p."id" = n."placeId" WHERE p."countryCode" IS NOT NULL
        ON CONFLICT DO NOTHING;
    ELSE
        PERFORM "EventCountry_refresh"(ARRAY(
            SELECT n."id" FROM old_rows o JOIN new_rows n USING ("id") WHERE o."placeId" IS DISTINCT FROM n."placeId"));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION "Actor_eventCountry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "EventCountry_refresh"(ARRAY(
        SELECT DISTINCT ep."eventId" FROM old_rows o JOIN new_rows n USING ("id") JOIN "EventParticipant" ep ON ep."actorId" = n."id"
         WHERE o."countryCode" IS DISTINCT FROM n."countryCode"));
    RETURN NULL;
END
$$;

CREATE FUNCTION "Place_eventCountry"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "EventCountry_refresh"(ARRAY(
        SELECT e."id" FROM old_rows o JOIN new_rows n USING ("id") JOIN "Event" e ON e."placeId" = n."id"
         WHERE o."countryCode" IS DISTINCT FROM n."countryCode"));
    RETURN NULL;
END
$$;

CREATE TRIGGER "EventParticipant_eventCountry_insert" AFTER INSERT ON "EventParticipant"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "EventParticipant_eventCountry"();
CREATE TRIGGER "EventParticipant_eventCountry_update" AFTER UPDATE ON "EventParticipant"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "EventParticipant_eventCountry"();
CREATE TRIGGER "EventParticipant_eventCountry_delete" AFTER DELETE ON "EventParticipant"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "EventParticipant_eventCountry"();
CREATE TRIGGER "EventParticipant_eventCountry_truncate" AFTER TRUNCATE ON "EventParticipant"
    FOR EACH STATEMENT EXECUTE FUNCTION "EventParticipant_eventCountry"();
CREATE TRIGGER "Event_eventCountry_insert" AFTER INSERT ON "Event"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Event_eventCountry"();
CREATE TRIGGER "Event_eventCountry_update" AFTER UPDATE ON "Event"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Event_eventCountry"();
CREATE TRIGGER "Actor_eventCountry_update" AFTER UPDATE ON "Actor"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Actor_eventCountry"();
CREATE TRIGGER "Place_eventCountry_update" AFTER UPDATE ON "Place"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Place_eventCountry"();

-- The countries of the events already stored.
INSERT INTO "EventCountry" ("countryCode", "eventId")
SELECT a."countryCode", ep."eventId" FROM "EventParticipant" ep JOIN "Actor" a ON a."id" = ep."actorId" WHERE a."countryCode" IS NOT NULL
UNION
SELECT p."countryCode", e."id" FROM "Event" e JOIN "Place" p ON p."id" = e."placeId" WHERE p."countryCode" IS NOT NULL;
