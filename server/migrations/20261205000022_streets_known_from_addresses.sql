-- Finding a street in the employer's place picker (街道): the offline map has no street names and no
-- geocoder is reachable everywhere, but the open postings' addresses name the streets where gigs are.
-- Their characters and pairs are indexed as titles are (migration 2), so "中山路" finds the open postings
-- on it in each district without reading every address.

ALTER TABLE postings ADD COLUMN address_grams text[] GENERATED ALWAYS AS (lingong_grams(address)) STORED;
CREATE INDEX postings_address_grams_idx ON postings USING gin (address_grams) WHERE status = 'open';
