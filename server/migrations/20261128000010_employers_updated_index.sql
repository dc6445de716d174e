-- The in-memory search index (app::search_index) holds each employer's name and verification for the
-- summaries it answers with, and reads the employers changed since its last reading every second.
CREATE INDEX employers_updated_at_idx ON employers (updated_at);
