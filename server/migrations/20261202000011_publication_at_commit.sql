-- A posting's publication is stamped when the publishing transaction commits, in the order of commits.
--
-- `published_at := now()` (migration 6) is the time the transaction began. Under load a publish can take
-- longer than the postings after it, so it became visible already older than a dozen newer ones, and a
-- board's feed of the newest postings never showed it (issue 18: 28 of 500 missing at 50 publishes a
-- second). Now the BEFORE trigger's stamp is replaced at commit by `clock_timestamp()` taken under a
-- lock held until the commit is visible: a stamp is taken only after every earlier stamp is visible,
-- so a reader that sees a posting sees every one published before it, and the feed's order is the order
-- in which people can see the postings.
CREATE FUNCTION publication_lock_key() RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 7301020305 $$;

CREATE FUNCTION postings_stamp_publication() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF board_bulk_loading() THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(publication_lock_key());
    -- Only a stamp this transaction's BEFORE trigger gave (its start time); a publication time set
    -- on purpose (imports, tests of past days) stays.
    UPDATE postings SET published_at = clock_timestamp()
     WHERE id = NEW.id AND published_at = now();
    RETURN NULL;
END
$$;

-- Deferred: they run as the transaction commits, after everything else it did.
CREATE CONSTRAINT TRIGGER postings_stamp_publication_on_insert AFTER INSERT ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (NEW.published_at IS NOT NULL)
    EXECUTE FUNCTION postings_stamp_publication();
CREATE CONSTRAINT TRIGGER postings_stamp_publication_on_publish AFTER UPDATE OF status ON postings
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.published_at IS NULL AND NEW.published_at IS NOT NULL)
    EXECUTE FUNCTION postings_stamp_publication();
