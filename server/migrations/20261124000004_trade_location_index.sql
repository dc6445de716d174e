-- "帮厨 near me" — a trade (or sector) within a distance — is the job seeker's most common search. One
-- composite GiST index over the trade and the location answers it directly, where intersecting the trade
-- index with the spatial one re-reads thousands of rows in a city centre (BENCHMARKS.md: p95 20 → 14 ms at
-- 1.1 M postings). btree_gist lets a GiST index hold the text column.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE INDEX IF NOT EXISTS postings_open_trade_location_idx ON postings USING gist (trade_code, location)
    WHERE status = 'open';
