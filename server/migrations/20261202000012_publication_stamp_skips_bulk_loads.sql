-- The publication stamps of migration 11 are deferred to the commit, so a demo load of a million
-- postings queued a million trigger events, each then doing nothing (the function returns at once in a
-- bulk load), and PostgreSQL refuses to build an index on a table with events pending: the load's index
-- rebuild failed (`cannot CREATE INDEX "postings" because it has pending trigger events`). In a bulk load
-- the rows carry their publication times already; the triggers now skip it in their WHEN, so nothing is
-- queued at all.
DROP TRIGGER postings_stamp_publication_on_insert ON postings;
DROP TRIGGER postings_stamp_publication_on_publish ON postings;

CREATE CONSTRAINT TRIGGER postings_stamp_publication_on_insert AFTER INSERT ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.published_at IS NOT NULL AND NOT board_bulk_loading())
    EXECUTE FUNCTION postings_stamp_publication();
CREATE CONSTRAINT TRIGGER postings_stamp_publication_on_publish AFTER UPDATE OF status ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.published_at IS NULL AND NEW.published_at IS NOT NULL AND NOT board_bulk_loading())
    EXECUTE FUNCTION postings_stamp_publication();
