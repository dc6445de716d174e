-- New postings reach the boards once per statement, not once per row.
--
-- A partner's push inserts a thousand postings in one statement, and the row trigger of migration 7 made
-- a thousand upserts of `board_tallies` and a thousand announcements for them: half the insert's time
-- (issue 24's import, 100 k postings in 98 s against a target of 60 s). A statement-level trigger reads
-- the statement's new rows as a table, adds each (city, district, market, trade) group to today's
-- tallies once and announces each place once. What it adds is what the row trigger added, summed: a
-- posting open today counts 1 and its places left, one published today 1 and its headcount; drafts count
-- nothing and are not announced. Changes and deletions keep the row trigger, which must see each row's
-- old and new values.
DROP TRIGGER postings_board_change ON postings;
CREATE TRIGGER postings_board_change AFTER UPDATE OR DELETE ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_board_change();

CREATE FUNCTION postings_board_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    today date := board_today();
    place record;
BEGIN
    IF board_bulk_loading() THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM new_postings WHERE status <> 'draft' LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(board_lock_key());
    -- In key order, as every writer of several tallies should, so that two batches never wait on each
    -- other's rows in opposite orders.
    INSERT INTO board_tallies AS t
        (day, city_adcode, district_adcode, market_id, trade_code,
         open_postings, places_wanted, published, places_published, applications, fills)
    SELECT today, city_adcode, district, market, trade_code,
           sum(open::integer), sum(CASE WHEN open THEN headcount - filled ELSE 0 END),
           sum(published::integer), sum(CASE WHEN published THEN headcount ELSE 0 END), 0, 0
      FROM (SELECT city_adcode, coalesce(district_adcode, 0) AS district, coalesce(market_id, 0) AS market,
                   trade_code, headcount, filled,
                   status = 'open' AND start_date <= today AND end_date >= today AS open,
                   (published_at AT TIME ZONE 'Asia/Shanghai')::date IS NOT DISTINCT FROM today AS published
              FROM new_postings
             WHERE status <> 'draft') AS p
     WHERE open OR published
     GROUP BY city_adcode, district, market, trade_code
     ORDER BY city_adcode, district, market, trade_code
    ON CONFLICT (day, city_adcode, district_adcode, market_id, trade_code) DO UPDATE SET
        open_postings    = t.open_postings + excluded.open_postings,
        places_wanted    = t.places_wanted + excluded.places_wanted,
        published        = t.published + excluded.published,
        places_published = t.places_published + excluded.places_published;
    -- A new public posting shows on its place's boards whether or not it counts today (the feed).
    FOR place IN
        SELECT DISTINCT city_adcode, district_adcode, market_id
          FROM new_postings
         WHERE status <> 'draft'
         ORDER BY 1, 2, 3
    LOOP
        PERFORM board_announce(place.city_adcode, place.district_adcode, place.market_id);
    END LOOP;
    RETURN NULL;
END
$$;
CREATE TRIGGER postings_board_insert AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION postings_board_insert();

-- A posting whose publication time was given (an import stamping its batch under the publication lock,
-- a test of a past day) has nothing to restamp at commit: no event is queued for it at all.
DROP TRIGGER postings_stamp_publication_on_insert ON postings;
CREATE CONSTRAINT TRIGGER postings_stamp_publication_on_insert AFTER INSERT ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.published_at = now() AND NOT board_bulk_loading())
    EXECUTE FUNCTION postings_stamp_publication();
