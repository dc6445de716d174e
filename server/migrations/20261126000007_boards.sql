-- Live boards (实时看板): the day's tallies of every market, district, city and the province, kept up to date
-- by triggers so a board reads a few thousand small rows instead of counting a million postings, and an
-- announcement on `lingong_events` for every change a board shows.

-- One row per day × place × trade. A board sums the rows of its scope; statistics sum the days.
--   open_postings / places_wanted: postings open on that day and their places not yet filled, as they stand
--     (for today: live; for a past day: as they stood when the day was last rebuilt).
--   published / places_published: postings that went public that day and their headcount.
--   applications: applications made that day.
--   fills: applicants hired (accepted, and later attended or not) by a decision of that day.
CREATE TABLE board_tallies (
    day               date NOT NULL,
    city_adcode       integer NOT NULL,
    -- 0 for "no district" / "no market": part of the key, so it cannot be NULL.
    district_adcode   integer NOT NULL,
    market_id         integer NOT NULL,
    trade_code        text NOT NULL,
    open_postings     integer NOT NULL DEFAULT 0,
    places_wanted     integer NOT NULL DEFAULT 0,
    published         integer NOT NULL DEFAULT 0,
    places_published  integer NOT NULL DEFAULT 0,
    applications      integer NOT NULL DEFAULT 0,
    fills             integer NOT NULL DEFAULT 0,
    PRIMARY KEY (day, city_adcode, district_adcode, market_id, trade_code)
);
CREATE INDEX board_tallies_market_idx ON board_tallies (market_id, day) WHERE market_id <> 0;
CREATE INDEX board_tallies_district_idx ON board_tallies (district_adcode, day);

-- The days whose tallies have been built from the postings; a day missing here is built on first use.
CREATE TABLE board_tally_days (
    day       date PRIMARY KEY,
    built_at  timestamptz NOT NULL DEFAULT now()
);

-- Every board change gets a number: the boards' event ids, so a reconnecting board can tell what it saw.
CREATE SEQUENCE board_change_seq;

CREATE FUNCTION board_today() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- The rebuild and the triggers take this advisory lock (exclusive and shared): a change committed while a
-- day is being rebuilt is either seen by the rebuild or applied after it, never lost or counted twice.
CREATE FUNCTION board_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 7301020304 $$;

CREATE FUNCTION board_tally_add(
    d date, city integer, district integer, market integer, trade text,
    d_open integer, d_wanted integer, d_published integer, d_places_published integer,
    d_applications integer, d_fills integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF d_open = 0 AND d_wanted = 0 AND d_published = 0 AND d_places_published = 0
       AND d_applications = 0 AND d_fills = 0 THEN
        RETURN;
    END IF;
    INSERT INTO board_tallies AS t
        (day, city_adcode, district_adcode, market_id, trade_code,
         open_postings, places_wanted, published, places_published, applications, fills)
    VALUES (d, city, coalesce(district, 0), coalesce(market, 0), trade,
            d_open, d_wanted, d_published, d_places_published, d_applications, d_fills)
    ON CONFLICT (day, city_adcode, district_adcode, market_id, trade_code) DO UPDATE SET
        open_postings    = t.open_postings + excluded.open_postings,
        places_wanted    = t.places_wanted + excluded.places_wanted,
        published        = t.published + excluded.published,
        places_published = t.places_published + excluded.places_published,
        applications     = t.applications + excluded.applications,
        fills            = t.fills + excluded.fills;
END
$$;

-- Announces a change to the boards of a place: `board:<change>:<city>:<district>:<market>` (0 = none).
CREATE FUNCTION board_announce(city integer, district integer, market integer) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_notify('lingong_events', format('board:%s:%s:%s:%s',
        nextval('board_change_seq'), city, coalesce(district, 0), coalesce(market, 0)))
$$;

-- Bulk loads (the demo generator) set `lingong.bulk_load` and rebuild the tallies once at the end.
CREATE FUNCTION board_bulk_loading() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('lingong.bulk_load', true), '') = 'on'
$$;

-- Each posting adds to today's tallies what it is now: open today (1 and its places left) and published
-- today (1 and its headcount). A change subtracts what the row was and adds what it is, under the key it
-- was and the key it is: so the tallies always equal what a rebuild from the rows would count.
CREATE FUNCTION postings_board_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    today date := board_today();
    old_open boolean := false;
    new_open boolean := false;
    old_published boolean := false;
    new_published boolean := false;
BEGIN
    IF board_bulk_loading() THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_open := OLD.status = 'open' AND OLD.start_date <= today AND OLD.end_date >= today;
        old_published := (OLD.published_at AT TIME ZONE 'Asia/Shanghai')::date IS NOT DISTINCT FROM today;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_open := NEW.status = 'open' AND NEW.start_date <= today AND NEW.end_date >= today;
        new_published := (NEW.published_at AT TIME ZONE 'Asia/Shanghai')::date IS NOT DISTINCT FROM today;
    END IF;
    -- Drafts nobody sees, before and after: no board shows them.
    IF (TG_OP = 'INSERT' OR OLD.status = 'draft') AND (TG_OP = 'DELETE' OR NEW.status = 'draft') THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(board_lock_key());
    IF old_open OR old_published THEN
        PERFORM board_tally_add(today, OLD.city_adcode, OLD.district_adcode, OLD.market_id, OLD.trade_code,
                                -(old_open::integer),
                                CASE WHEN old_open THEN -(OLD.headcount - OLD.filled) ELSE 0 END,
                                -(old_published::integer),
                                CASE WHEN old_published THEN -OLD.headcount ELSE 0 END, 0, 0);
    END IF;
    IF new_open OR new_published THEN
        PERFORM board_tally_add(today, NEW.city_adcode, NEW.district_adcode, NEW.market_id, NEW.trade_code,
                                new_open::integer,
                                CASE WHEN new_open THEN NEW.headcount - NEW.filled ELSE 0 END,
                                new_published::integer,
                                CASE WHEN new_published THEN NEW.headcount ELSE 0 END, 0, 0);
    END IF;
    -- Any change to a public posting may show (its title in the feed, its pay): announce it.
    IF TG_OP <> 'INSERT' THEN
        PERFORM board_announce(OLD.city_adcode, OLD.district_adcode, OLD.market_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR OLD.city_adcode IS DISTINCT FROM NEW.city_adcode
        OR OLD.district_adcode IS DISTINCT FROM NEW.district_adcode
        OR OLD.market_id IS DISTINCT FROM NEW.market_id) THEN
        PERFORM board_announce(NEW.city_adcode, NEW.district_adcode, NEW.market_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER postings_board_change AFTER INSERT OR UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_board_change();

-- Likewise each application adds what it is now: made today (1), and a hire decided today (1). Withdrawing
-- after being accepted takes the hire back; applying again after a withdrawal is the same application.
-- (Changing a posting's trade or place leaves its applications of the day under the old key until the
-- day's next rebuild.)
CREATE FUNCTION applications_board_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    today date := board_today();
    p record;
    old_applied integer := 0;
    new_applied integer := 0;
    old_hired integer := 0;
    new_hired integer := 0;
    posting_id bigint;
BEGIN
    IF board_bulk_loading() THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_applied := ((OLD.created_at AT TIME ZONE 'Asia/Shanghai')::date = today)::integer;
        old_hired := (OLD.status IN ('accepted', 'attended', 'no_show')
                      AND (OLD.decided_at AT TIME ZONE 'Asia/Shanghai')::date = today)::integer;
        posting_id := OLD.posting_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_applied := ((NEW.created_at AT TIME ZONE 'Asia/Shanghai')::date = today)::integer;
        new_hired := (NEW.status IN ('accepted', 'attended', 'no_show')
                      AND (NEW.decided_at AT TIME ZONE 'Asia/Shanghai')::date = today)::integer;
        posting_id := NEW.posting_id;
    END IF;
    SELECT city_adcode, district_adcode, market_id, trade_code INTO p FROM postings WHERE id = posting_id;
    IF NOT FOUND THEN
        -- The posting is being deleted with its applications: its own trigger settles the board.
        RETURN NULL;
    END IF;
    IF new_applied <> old_applied OR new_hired <> old_hired THEN
        PERFORM pg_advisory_xact_lock_shared(board_lock_key());
        PERFORM board_tally_add(today, p.city_adcode, p.district_adcode, p.market_id, p.trade_code,
                                0, 0, 0, 0, new_applied - old_applied, new_hired - old_hired);
    END IF;
    -- A new or withdrawn application changes what the board shows even when no count of today does.
    PERFORM board_announce(p.city_adcode, p.district_adcode, p.market_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER applications_board_change AFTER INSERT OR UPDATE OF status OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_board_change();

-- Builds the tallies of the days from `first` to `last` from the postings and applications. The open
-- counts of a day are the postings whose dates cover it, as they stand now: exact for today, and for a
-- backfill of past days (the demo load) the best there is.
CREATE FUNCTION board_tallies_rebuild(first date, last date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(board_lock_key());
    DELETE FROM board_tallies WHERE day BETWEEN first AND last;
    INSERT INTO board_tallies
        (day, city_adcode, district_adcode, market_id, trade_code,
         open_postings, places_wanted, published, places_published, applications, fills)
    SELECT day, city_adcode, district, market, trade_code,
           sum(open_postings), sum(places_wanted), sum(published), sum(places_published),
           sum(applications), sum(fills)
      FROM (
            SELECT d::date AS day, p.city_adcode, coalesce(p.district_adcode, 0) AS district,
                   coalesce(p.market_id, 0) AS market, p.trade_code,
                   1 AS open_postings, p.headcount - p.filled AS places_wanted,
                   0 AS published, 0 AS places_published, 0 AS applications, 0 AS fills
              FROM postings p
             CROSS JOIN LATERAL generate_series(greatest(p.start_date, first), least(p.end_date, last),
                                                interval '1 day') AS d
             WHERE p.status = 'open' AND p.start_date <= last AND p.end_date >= first
            UNION ALL
            SELECT (p.published_at AT TIME ZONE 'Asia/Shanghai')::date, p.city_adcode,
                   coalesce(p.district_adcode, 0), coalesce(p.market_id, 0), p.trade_code,
                   0, 0, 1, p.headcount, 0, 0
              FROM postings p
             WHERE p.published_at >= (first::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND p.published_at < ((last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            UNION ALL
            SELECT (a.created_at AT TIME ZONE 'Asia/Shanghai')::date, p.city_adcode,
                   coalesce(p.district_adcode, 0), coalesce(p.market_id, 0), p.trade_code,
                   0, 0, 0, 0, 1, (a.status IN ('accepted', 'attended', 'no_show')
                                   AND a.decided_at IS NOT NULL
                                   AND (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date
                                       = (a.created_at AT TIME ZONE 'Asia/Shanghai')::date)::integer
              FROM applications a JOIN postings p ON p.id = a.posting_id
             WHERE a.created_at >= (first::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND a.created_at < ((last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            UNION ALL
            -- Acceptances on a later day than the application.
            SELECT (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date, p.city_adcode,
                   coalesce(p.district_adcode, 0), coalesce(p.market_id, 0), p.trade_code,
                   0, 0, 0, 0, 0, 1
              FROM applications a JOIN postings p ON p.id = a.posting_id
             WHERE a.status IN ('accepted', 'attended', 'no_show')
               AND a.decided_at >= (first::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND a.decided_at < ((last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
               AND (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date
                   <> (a.created_at AT TIME ZONE 'Asia/Shanghai')::date
           ) AS changes
     GROUP BY day, city_adcode, district, market, trade_code;
    INSERT INTO board_tally_days (day, built_at)
    SELECT d::date, now() FROM generate_series(first, last, interval '1 day') AS d
    ON CONFLICT (day) DO UPDATE SET built_at = excluded.built_at;
END
$$;

-- The boards' "newest postings" feed (one index per kind of board) and the rebuild of a day.
CREATE INDEX postings_published_at_idx ON postings (published_at);
CREATE INDEX postings_city_published_idx ON postings (city_adcode, published_at DESC) WHERE status = 'open';
CREATE INDEX postings_district_published_idx ON postings (district_adcode, published_at DESC)
    WHERE status = 'open';
CREATE INDEX postings_market_published_idx ON postings (market_id, published_at DESC)
    WHERE status = 'open' AND market_id IS NOT NULL;
CREATE INDEX applications_created_idx ON applications (created_at);
-- The staff's figures: decisions waiting, no-shows of the day.
CREATE INDEX applications_pending_idx ON applications (posting_id) WHERE status = 'pending';
CREATE INDEX applications_no_show_idx ON applications (updated_at) WHERE status = 'no_show';
CREATE INDEX applications_decided_idx ON applications (decided_at) WHERE decided_at IS NOT NULL;

-- The tallies of the days the existing postings cover.
SELECT board_tallies_rebuild(board_today() - 30, board_today());
