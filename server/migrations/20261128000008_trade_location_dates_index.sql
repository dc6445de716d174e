-- The trade-and-place index also holds the dates. A search within a distance is for postings on a given
-- day or week, and two in three open postings start later: with the dates in the index their rows are
-- left out before the table is read, instead of being fetched one page each and thrown away (a 5 km
-- search in a city centre read 1,400 table pages for 450 wanted; BENCHMARKS.md). The nearest-first
-- walk of recommendations (db::matching) uses the same index. It replaces the trade-and-place index,
-- which it covers.
CREATE INDEX IF NOT EXISTS postings_open_trade_location_dates_idx
    ON postings USING gist (trade_code, location, start_date, end_date)
    WHERE status = 'open';
DROP INDEX IF EXISTS postings_open_trade_location_idx;
