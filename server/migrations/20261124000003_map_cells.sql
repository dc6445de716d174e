-- The map's clusters for a whole day, precomputed: a province-wide view of 200,000 postings open today
-- cannot be grouped per request within the map's budget, but its cells can be read in a few
-- milliseconds. Built per day, zoom and trade (so trade and sector filters still use it) by the server's
-- background task every minute; other filters, and any day without a recent build, are grouped per
-- request from the postings themselves.
CREATE TABLE map_cells (
    day        date NOT NULL,
    zoom       smallint NOT NULL CHECK (zoom BETWEEN 3 AND 13),
    cx         integer NOT NULL,
    cy         integer NOT NULL,
    trade_code text NOT NULL REFERENCES trades (code) ON DELETE CASCADE,
    postings   integer NOT NULL CHECK (postings > 0),
    sum_lng    double precision NOT NULL,
    sum_lat    double precision NOT NULL,
    PRIMARY KEY (day, zoom, cx, cy, trade_code)
);

CREATE TABLE map_cell_builds (
    day      date PRIMARY KEY,
    built_at timestamptz NOT NULL DEFAULT now()
);
