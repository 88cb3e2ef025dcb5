-- CreateTable
CREATE TABLE "EventCountry" (
    "countryCode" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,

    PRIMARY KEY ("countryCode", "eventId"),
    CONSTRAINT "EventCountry_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EventCountry_eventId_idx" ON "EventCountry"("eventId");

-- ---------------------------------------------------------------------------------------------
-- EventCountry upkeep (hand-written: Prisma's model can't express triggers). An event's countries
-- are its participants' actors' countries and its place's country. A new participant or a new event
-- can only add countries; anything else recomputes the countries of the events it touches.
--
-- SQLite has no procedures: the recomputation lives in one INSTEAD OF trigger on an empty view, and
-- the other triggers insert into that view the ids of the events they touch. It joins "Event", so
-- that nothing is written for an event that a cascade is deleting.
CREATE VIEW "EventCountryRefresh" AS SELECT NULL AS "eventId" WHERE 0;

CREATE TRIGGER "EventCountryRefresh_insert" INSTEAD OF INSERT ON "EventCountryRefresh" BEGIN
    DELETE FROM "EventCountry" WHERE "eventId" = new."eventId";
    INSERT OR IGNORE INTO "EventCountry" ("countryCode", "eventId")
    SELECT a."countryCode", e."id" FROM "Event" e JOIN "EventParticipant" ep ON ep."eventId" = e."id" JOIN "Actor" a ON a."id" = ep."actorId"
     WHERE e."id" = new."eventId" AND a."countryCode" IS NOT NULL
    UNION
    SELECT p."countryCode", e."id" FROM "Event" e JOIN "Place" p ON p."id" = e."placeId" WHERE e."id" = new."eventId" AND p."countryCode" IS NOT NULL;
END;

CREATE TRIGGER "EventParticipant_eventCountry_insert" AFTER INSERT ON "EventParticipant" BEGIN
    INSERT OR IGNORE INTO "EventCountry" ("countryCode", "eventId")
    SELECT a."countryCode", new."eventId" FROM "Actor" a WHERE a."id" = new."actorId" AND a."countryCode" IS NOT NULL;
END;

CREATE TRIGGER "Event_eventCountry_insert" AFTER INSERT ON "Event" BEGIN
    INSERT OR IGNORE INTO "EventCountry" ("countryCode", "eventId")
    SELECT p."countryCode", new."id" FROM "Place" p WHERE p."id" = new."placeId" AND p."countryCode" IS NOT NULL;
END;

CREATE TRIGGER "EventParticipant_eventCountry_delete" AFTER DELETE ON "EventParticipant" BEGIN
    INSERT INTO "EventCountryRefresh" ("eventId") VALUES (old."eventId");
END;

CREATE TRIGGER "EventParticipant_eventCountry_update" AFTER UPDATE OF "eventId", "actorId" ON "EventParticipant" BEGIN
    INSERT INTO "EventCountryRefresh" ("eventId") SELECT old."eventId" UNION SELECT new."eventId";
END;

CREATE TRIGGER "Event_eventCountry_update" AFTER UPDATE OF "placeId" ON "Event" BEGIN
    INSERT INTO "EventCountryRefresh" ("eventId") VALUES (new."id");
END;

CREATE TRIGGER "Actor_eventCountry_update" AFTER UPDATE OF "countryCode" ON "Actor" BEGIN
    INSERT INTO "EventCountryRefresh" ("eventId") SELECT DISTINCT "eventId" FROM "EventParticipant" WHERE "actorId" = new."id";
END;

CREATE TRIGGER "Place_eventCountry_update" AFTER UPDATE OF "countryCode" ON "Place" BEGIN
    INSERT INTO "EventCountryRefresh" ("eventId") SELECT "id" FROM "Event" WHERE "placeId" = new."id";
END;

-- The countries of the events already stored.
INSERT OR IGNORE INTO "EventCountry" ("countryCode", "eventId")
SELECT a."countryCode", ep."eventId" FROM "EventParticipant" ep JOIN "Actor" a ON a."id" = ep."actorId" WHERE a."countryCode" IS NOT NULL
UNION
SELECT p."countryCode", e."id" FROM "Event" e JOIN "Place" p ON p."id" = e."placeId" WHERE p."countryCode" IS NOT NULL;
