-- Circles filed under cells of about their own size (issue 26). With one 0.2° grid a 3 km circle was a
-- candidate for postings 20 km away: at 7.5 M saved searches, 8,400 of a posting's 9,700 circle
-- candidates failed their distance. Each circle now takes the smallest of these sizes at least its
-- radius in degrees of latitude, so its box touches two or three cells a side; a posting names its cell
-- at every size.
CREATE FUNCTION lingong_alert_cell_sizes() RETURNS float8[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ARRAY[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]::float8[]
$$;

CREATE FUNCTION lingong_alert_cell(lng float8, lat float8, size float8) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT 'g' || size || ':' || floor(lng / size)::integer || ':' || floor(lat / size)::integer
$$;

CREATE OR REPLACE FUNCTION lingong_saved_search_routes(keyword text, keyword_trades text[], trade_code text,
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
        SELECT 'g' || s.size || ':' || x || ':' || y
          FROM (SELECT ST_X(centre) AS lng, ST_Y(centre) AS lat, radius_m / 110500.0 * 1.01 AS dlat) c
         CROSS JOIN LATERAL (SELECT c.dlat / cos(radians(abs(c.lat) + c.dlat)) AS dlng) w
         CROSS JOIN LATERAL (SELECT coalesce(min(size), 5.0) AS size
                               FROM unnest(lingong_alert_cell_sizes()) size WHERE size >= c.dlat) s
         CROSS JOIN LATERAL generate_series(floor((c.lng - w.dlng) / s.size)::integer,
                                            floor((c.lng + w.dlng) / s.size)::integer) x
         CROSS JOIN LATERAL generate_series(floor((c.lat - c.dlat) / s.size)::integer,
                                            floor((c.lat + c.dlat) / s.size)::integer) y
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

CREATE OR REPLACE FUNCTION lingong_posting_routes(title text, trade_code text, sector_code text,
                                                  city_adcode integer, district_adcode integer,
                                                  location geometry) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_agg(place || '/' || what)
      FROM (SELECT 'd' || district_adcode UNION ALL SELECT 'c' || city_adcode UNION ALL SELECT 'p'
            UNION ALL
            SELECT lingong_alert_cell(ST_X(location), ST_Y(location), size)
              FROM unnest(lingong_alert_cell_sizes()) size) places (place),
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

DROP FUNCTION lingong_alert_cell(float8, float8);

-- The circles' routes again, with the index built once rather than updated row by row.
DROP INDEX saved_searches_routes_idx;
UPDATE saved_searches
   SET routes = lingong_saved_search_routes(keyword, keyword_trades, trade_code, city_adcode,
                                            district_adcode, centre, radius_m)
 WHERE centre IS NOT NULL AND district_adcode IS NULL AND city_adcode IS NULL;
CREATE INDEX saved_searches_routes_idx ON saved_searches USING gin (routes) WITH (fastupdate = off);
