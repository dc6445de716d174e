-- Saved-search alerts at province scale (issue 26). Matching a new posting used to read every saved
-- search (1.4 s at 750 k of them) inside the publishing transaction. Now:
--   * each saved search is filed under routes, keys of "where/what" that any posting it can match must
--     also produce, and a GIN index finds the candidates of a posting by its own routes; the exact
--     filters then run on those candidates only;
--   * publishing only queues the posting; a background job matches queued postings in batches, under
--     an advisory lock, and marks each delivered in the transaction that writes its alerts;
--   * alerts are merged into digests: a few notifications an hour at most, each counting its postings.

-- Circles are filed under the cells of a 0.2° grid (about 22 km north–south, 19 km east–west in
-- Jiangsu) that their bounding box touches.
CREATE FUNCTION lingong_alert_cell(lng float8, lat float8) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'g' || floor(lng / 0.2)::integer || ':' || floor(lat / 0.2)::integer
$$;

-- A saved search's routes: its narrowest place (its district, else its city, else the cells of its
-- circle, else the province) crossed with what it asks for (its trade or sector; else, for a keyword,
-- the trades the keyword names and the keyword's first two characters, as a title saying the keyword
-- holds them; else anything). Every filter left out here is checked on the candidates.
CREATE FUNCTION lingong_saved_search_routes(keyword text, keyword_trades text[], trade_code text,
                                            city_adcode integer, district_adcode integer,
                                            centre geometry, radius_m integer) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH places (place) AS (
        SELECT 'd' || district_adcode WHERE district_adcode IS NOT NULL
        UNION ALL
        SELECT 'c' || city_adcode WHERE district_adcode IS NULL AND city_adcode IS NOT NULL
        UNION ALL
        -- A degree of latitude is at least 110.5 km; a degree of longitude shrinks with the cosine of
        -- the latitude, taken at the circle's edge furthest from the equator. 1 % to spare.
        SELECT 'g' || x || ':' || y
          FROM (SELECT ST_X(centre) AS lng, ST_Y(centre) AS lat, radius_m / 110500.0 * 1.01 AS dlat) c
         CROSS JOIN LATERAL (SELECT c.dlat / cos(radians(abs(c.lat) + c.dlat)) AS dlng) w
         CROSS JOIN LATERAL generate_series(floor((c.lng - w.dlng) / 0.2)::integer,
                                            floor((c.lng + w.dlng) / 0.2)::integer) x
         CROSS JOIN LATERAL generate_series(floor((c.lat - c.dlat) / 0.2)::integer,
                                            floor((c.lat + c.dlat) / 0.2)::integer) y
         WHERE district_adcode IS NULL AND city_adcode IS NULL AND centre IS NOT NULL
        UNION ALL
        SELECT 'p' WHERE district_adcode IS NULL AND city_adcode IS NULL AND centre IS NULL),
    whats (what) AS (
        SELECT 't' || trade_code WHERE trade_code IS NOT NULL
        UNION ALL
        SELECT 't' || t FROM unnest(keyword_trades) t WHERE trade_code IS NULL AND keyword IS NOT NULL
        UNION ALL
        SELECT 'w' || left(lower(keyword), 2) WHERE trade_code IS NULL AND keyword IS NOT NULL
        UNION ALL
        SELECT '*' WHERE trade_code IS NULL AND keyword IS NULL)
    SELECT coalesce(array_agg(DISTINCT place || '/' || what), '{}') FROM places, whats
$$;

-- A posting's routes: every place it is in crossed with everything it can be asked for by (its trade,
-- its sector, anything, and every one and two characters of its title).
CREATE FUNCTION lingong_posting_routes(title text, trade_code text, sector_code text,
                                       city_adcode integer, district_adcode integer,
                                       location geometry) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(place || '/' || what)
      FROM unnest(ARRAY['d' || district_adcode, 'c' || city_adcode, 'p',
                        lingong_alert_cell(ST_X(location), ST_Y(location))]) place,
           (SELECT DISTINCT what
              FROM (SELECT 't' || trade_code
                    UNION ALL SELECT 't' || sector_code WHERE sector_code IS NOT NULL
                    UNION ALL SELECT '*'
                    UNION ALL
                    SELECT 'w' || substr(lower(title), i, n)
                      FROM generate_series(1, char_length(title)) i, (VALUES (1), (2)) g (n)
                     WHERE i + n - 1 <= char_length(title)) w (what)) whats
     WHERE place IS NOT NULL
$$;

ALTER TABLE saved_searches
    -- The keyword's trades, resolved once when the search is saved (lingong_keyword_trades, the
    -- search's own meaning of a keyword).
    ADD COLUMN keyword_trades text[],
    ADD COLUMN routes text[] NOT NULL DEFAULT '{}',
    -- The worker asked to be texted as well (through the SMS gateway), not only told in the feed.
    ADD COLUMN text_alerts boolean NOT NULL DEFAULT false,
    -- The language of the page it was saved from: the texts are written in it.
    ADD COLUMN lang text NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en'));

CREATE FUNCTION saved_searches_routes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.keyword_trades := CASE WHEN NEW.keyword IS NULL THEN NULL ELSE lingong_keyword_trades(NEW.keyword) END;
    NEW.routes := lingong_saved_search_routes(NEW.keyword, NEW.keyword_trades, NEW.trade_code,
                                              NEW.city_adcode, NEW.district_adcode, NEW.centre, NEW.radius_m);
    RETURN NEW;
END
$$;
CREATE TRIGGER saved_searches_routes
    BEFORE INSERT OR UPDATE OF keyword, trade_code, city_adcode, district_adcode, centre, radius_m
    ON saved_searches FOR EACH ROW EXECUTE FUNCTION saved_searches_routes();
UPDATE saved_searches SET keyword = keyword;
-- Saving a search is rare next to matching: no pending list for probes to read through.
CREATE INDEX saved_searches_routes_idx ON saved_searches USING gin (routes) WITH (fastupdate = off);

-- Postings to be matched, one row each for good: written by the publishing transaction, marked
-- delivered by the alerts job in the transaction that writes their alerts. The key makes a posting's
-- alerts happen once, whatever publishes it again.
CREATE TABLE alert_queue (
    posting_id    bigint PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
    queued_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    delivered_at  timestamptz
);
CREATE INDEX alert_queue_waiting_idx ON alert_queue (queued_at, posting_id) WHERE delivered_at IS NULL;

-- An alert counts the postings merged into it (a digest), and names the search it is about (none
-- once it merged several).
ALTER TABLE notifications
    ADD COLUMN saved_search_id bigint REFERENCES saved_searches (id) ON DELETE SET NULL,
    ADD COLUMN alerted bigint[] CHECK (cardinality(alerted) >= 1);
UPDATE notifications SET alerted = ARRAY[posting_id] WHERE kind = 'alert_match' AND posting_id IS NOT NULL;
-- Deleting a saved search finds its alerts by this, not by reading every notification.
CREATE INDEX notifications_saved_search_idx ON notifications (saved_search_id) WHERE saved_search_id IS NOT NULL;

-- A digest that grows is announced again, so open pages update its line and the unread count.
CREATE TRIGGER notifications_announce_growth
    AFTER UPDATE OF alerted ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_announce();

-- Text messages to send, written in the transaction that made the alert (so exactly one per digest),
-- sent and stamped by the alerts job.
CREATE TABLE text_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id       bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    notification_id  bigint REFERENCES notifications (id) ON DELETE CASCADE,
    body             text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 300),
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    attempts         smallint NOT NULL DEFAULT 0
);
CREATE INDEX text_outbox_unsent_idx ON text_outbox (id) WHERE sent_at IS NULL;

-- The demo data can carry saved searches (and accounts for the workers who keep them).
ALTER TABLE demo_loads ADD COLUMN saved_searches integer NOT NULL DEFAULT 0;
