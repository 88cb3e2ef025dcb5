-- CreateTable
CREATE TABLE "SearchTermCount" (
    "target" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "SearchTermCount_pkey" PRIMARY KEY ("target","term","kind")
);

-- ---------------------------------------------------------------------------------------------
-- Search term counts (hand-written: Prisma's model can't express triggers; see the model's comment).
-- Statement-level AFTER triggers read the changed rows from transition tables: each row's new
-- version adds 1 to the count of each of its terms (under its kind), its old version takes 1 away,
-- and counts that fall to 0 are removed. A row whose terms and kind did not change (a speaker merge,
-- say) is skipped. PostgreSQL allows transition tables only on single-event triggers without column
-- lists, hence one trigger per event, all calling one function, whose arguments name the count's
-- target and the kind column ('' for articles). The rows of common words are shared by every write:
-- writers take turns (the service's advisory lock, lockWrites in server/storage/db.ts), and each
-- statement locks its rows in one order.

CREATE FUNCTION "SearchTermCount_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target_name text := TG_ARGV[0];
    kind_n text := CASE WHEN TG_NARGS > 1 THEN format('n.%I::text', TG_ARGV[1]) ELSE '''''' END;
    kind_o text := CASE WHEN TG_NARGS > 1 THEN format('o.%I::text', TG_ARGV[1]) ELSE '''''' END;
    changed text;
    versions text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM "SearchTermCount" c WHERE c."target" = target_name;
        RETURN NULL;
    END IF;
    -- Each changed row version: its tsvector v, its kind and d = +1 (new) or -1 (old).
    changed := format('(n."searchVector", %s) IS DISTINCT FROM (o."searchVector", %s)', kind_n, kind_o);
    versions := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT n."searchVector" AS v, %s AS kind, 1 AS d FROM new_rows n', kind_n)
        WHEN 'DELETE' THEN format('SELECT o."searchVector" AS v, %s AS kind, -1 AS d FROM old_rows o', kind_o)
        ELSE format(
            'SELECT n."searchVector" AS v, %1$s AS kind, 1 AS d FROM new_rows n JOIN old_rows o USING (id) WHERE %3$s
             UNION ALL
             SELECT o."searchVector", %2$s, -1 FROM new_rows n JOIN old_rows o USING (id) WHERE %3$s',
            kind_n, kind_o, changed)
    END;
    EXECUTE format(
        'INSERT INTO "SearchTermCount" AS c ("target", "term", "kind", "n")
         SELECT $1, w.term, x.kind, sum(x.d)::int FROM (%s) x, unnest(tsvector_to_array(x.v)) AS w(term)
          GROUP BY w.term, x.kind HAVING sum(x.d) <> 0 ORDER BY w.term, x.kind
         ON CONFLICT ("target", "term", "kind") DO UPDATE SET "n" = c."n" + excluded."n"',
        versions) USING target_name;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format(
            'DELETE FROM "SearchTermCount" c
              USING (SELECT DISTINCT w.term, x.kind FROM (%s) x, unnest(tsvector_to_array(x.v)) AS w(term)) z
              WHERE c."target" = $1 AND c."term" = z.term AND c."kind" = z.kind AND c."n" = 0',
            versions) USING target_name;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER "Article_searchTermCount_insert" AFTER INSERT ON "Article"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('article');
CREATE TRIGGER "Article_searchTermCount_update" AFTER UPDATE ON "Article"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('article');
CREATE TRIGGER "Article_searchTermCount_delete" AFTER DELETE ON "Article"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('article');
CREATE TRIGGER "Article_searchTermCount_truncate" AFTER TRUNCATE ON "Article"
    FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('article');

CREATE TRIGGER "Statement_searchTermCount_insert" AFTER INSERT ON "Statement"
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('statement', 'kind');
CREATE TRIGGER "Statement_searchTermCount_update" AFTER UPDATE ON "Statement"
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('statement', 'kind');
CREATE TRIGGER "Statement_searchTermCount_delete" AFTER DELETE ON "Statement"
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('statement', 'kind');
CREATE TRIGGER "Statement_searchTermCount_truncate" AFTER TRUNCATE ON "Statement"
    FOR EACH STATEMENT EXECUTE FUNCTION "SearchTermCount_track"('statement', 'kind');

-- The counts of the rows already stored.
INSERT INTO "SearchTermCount" ("target", "term", "kind", "n")
SELECT 'article', w.term, '', count(*)::int FROM "Article" a, unnest(tsvector_to_array(a."searchVector")) AS w(term) GROUP BY w.term;
INSERT INTO "SearchTermCount" ("target", "term", "kind", "n")
SELECT 'statement', w.term, s."kind"::text, count(*)::int FROM "Statement" s, unnest(tsvector_to_array(s."searchVector")) AS w(term) GROUP BY w.term, s."kind";
