-- The in-memory search index (app::search_index) reads the postings changed since its last reading,
-- every second on every instance: by this index, not by reading the table.
CREATE INDEX postings_updated_at_idx ON postings (updated_at);
