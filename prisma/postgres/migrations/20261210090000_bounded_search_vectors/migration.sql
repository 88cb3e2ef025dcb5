-- Hand-written (triggers are outside Prisma's model; see the init migration).
-- A tsvector holds at most 1 MB. Ordinary prose stays far below that even at the 1,000,000
-- characters an article may have, but text of many short distinct words makes a tsvector larger
-- than the text itself, and the insert then failed ("string is too long for tsvector"). The article
-- is stored whole either way: when the whole text does not fit, the longest prefix that does (halving
-- from the whole) is indexed, so search misses only words beyond it. The error is
-- program_limit_exceeded; each try is a subtransaction. Only such text pays for more than one try.

-- At most 1,000,000 bytes, which leaves room for the title's (a title has at most 1,000 characters).
CREATE FUNCTION "bounded_tsvector"(body text) RETURNS tsvector LANGUAGE plpgsql AS $$
DECLARE
    n integer := length(body);
    v tsvector;
BEGIN
    LOOP
        BEGIN
            v := to_tsvector('english'::regconfig, left(body, n));
            IF pg_column_size(v) <= 1000000 THEN
                RETURN v;
            END IF;
        EXCEPTION WHEN program_limit_exceeded THEN
            NULL;
        END;
        n := n / 2;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION "Article_searchVector_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."searchVector" :=
        setweight(to_tsvector('english'::regconfig, coalesce(NEW."title", '')), 'A') ||
        setweight("bounded_tsvector"(coalesce(NEW."body", '')), 'B');
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION "Statement_searchVector_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."searchVector" := "bounded_tsvector"(coalesce(NEW."quote", ''));
    RETURN NEW;
END
$$;
