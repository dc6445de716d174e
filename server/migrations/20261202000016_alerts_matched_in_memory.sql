-- Saved-search alerts matched in memory (issue 26). Migrations 14 and 15 found a posting's candidate
-- searches through a GIN index of routes and ran the filters in SQL: at 7.5 M saved searches a batch of
-- 100 postings took 3.8 s to match (about 28 ms a posting, mostly reading 5,000 scattered rows of a 2 GB
-- table), and growing digests rewrote their posting arrays, 4.4 s more. Delivery managed 10–14
-- postings a second where 50 were asked. Now:
--   * the instance that delivers keeps every saved search in memory (crate::alerts::matcher), filed by
--     where × what as the routes were, loaded once and then following this change log;
--   * a digest's later postings are appended as rows of alert_parts (one per batch and digest), never
--     rewritten into the notification;
--   * a batch announces its accounts in a few NOTIFYs, not one per notification.

-- The routes now live in memory.
DROP INDEX saved_searches_routes_idx;
ALTER TABLE saved_searches DROP COLUMN routes;
DROP FUNCTION lingong_saved_search_routes(text, text[], text, integer, integer, geometry, integer);
DROP FUNCTION lingong_posting_routes(text, text, text, integer, integer, geometry);
DROP FUNCTION lingong_alert_cell(float8, float8, float8);
DROP FUNCTION lingong_alert_cell_sizes();

DROP TRIGGER saved_searches_routes ON saved_searches;
DROP FUNCTION saved_searches_routes();
CREATE FUNCTION saved_searches_keyword_trades() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.keyword_trades := CASE WHEN NEW.keyword IS NULL THEN NULL ELSE lingong_keyword_trades(NEW.keyword) END;
    RETURN NEW;
END
$$;
CREATE TRIGGER saved_searches_keyword_trades
    BEFORE INSERT OR UPDATE OF keyword ON saved_searches
    FOR EACH ROW EXECUTE FUNCTION saved_searches_keyword_trades();

-- What the deliverer's copy must read again: a saved search written or deleted, or every search of a
-- worker whose account changed (alerts go to active accounts only). A row without a search means
-- "read them all again" (the demo data's bulk load writes one instead of millions).
--
-- Rows are found by the writing transaction's id, not by a sequence: a reader takes the rows from the
-- oldest transaction still running at its previous read on (pg_snapshot_xmin), so a change committed
-- late, after a newer one was already read, is never skipped. Reading one twice does no harm.
CREATE TABLE saved_search_changes (
    xid              xid8 NOT NULL DEFAULT pg_current_xact_id(),
    saved_search_id  bigint,
    changed_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_search_changes_xid_idx ON saved_search_changes (xid);

CREATE FUNCTION saved_searches_log_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO saved_search_changes (saved_search_id) SELECT id FROM new_rows;
    RETURN NULL;
END
$$;
CREATE FUNCTION saved_searches_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO saved_search_changes (saved_search_id) SELECT id FROM old_rows;
    RETURN NULL;
END
$$;
CREATE TRIGGER saved_searches_log_insert AFTER INSERT ON saved_searches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saved_searches_log_new();
CREATE TRIGGER saved_searches_log_update AFTER UPDATE ON saved_searches
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION saved_searches_log_new();
CREATE TRIGGER saved_searches_log_delete AFTER DELETE ON saved_searches
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION saved_searches_log_old();

CREATE FUNCTION accounts_log_searches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO saved_search_changes (saved_search_id)
        SELECT s.id FROM new_rows n JOIN saved_searches s ON s.worker_id = n.worker_id;
    ELSE
        INSERT INTO saved_search_changes (saved_search_id)
        SELECT s.id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          JOIN saved_searches s ON s.worker_id IN (n.worker_id, o.worker_id)
         WHERE n.status IS DISTINCT FROM o.status OR n.worker_id IS DISTINCT FROM o.worker_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_log_searches_insert AFTER INSERT ON accounts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_log_searches();
CREATE TRIGGER accounts_log_searches_update AFTER UPDATE ON accounts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION accounts_log_searches();

-- A digest's postings after its first batch: one row per batch that grew it. Written by COPY, hence
-- no foreign key (a check and a row lock on the notification per row); a deleted notification's parts
-- go with it by the trigger below.
CREATE TABLE alert_parts (
    notification_id  bigint NOT NULL,
    -- The search whose postings these are.
    saved_search_id  bigint,
    added_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    postings         bigint[] NOT NULL CHECK (cardinality(postings) >= 1)
);
CREATE INDEX alert_parts_notification_idx ON alert_parts (notification_id);

CREATE FUNCTION notifications_drop_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM alert_parts p USING old_rows o WHERE p.notification_id = o.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_drop_parts AFTER DELETE ON notifications
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications_drop_parts();

-- Existing digests keep their arrays as their first part; growth no longer rewrites them.
DROP TRIGGER notifications_announce_growth ON notifications;

-- Alerts are announced per batch by the deliverer ("alerts:<account>,<account>,…"), not per row: a
-- batch writes a hundred thousand of them, and one NOTIFY each flooded every instance's listener.
CREATE OR REPLACE FUNCTION notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Payload: "notification:<account>:<id>". NOTIFY is delivered on commit, so a listener never hears of
    -- a row it cannot read yet.
    IF NEW.kind <> 'alert_match' THEN
        PERFORM pg_notify('lingong_events', 'notification:' || NEW.account_id || ':' || NEW.id);
    END IF;
    RETURN NULL;
END
$$;

-- The deliverer's memory of the last hour's alerts (which digest a new posting joins) is only good if
-- no other deliverer wrote since: each delivering transaction counts here, and a deliverer that finds
-- a count it did not leave reads the hour's alerts again.
CREATE TABLE alert_rounds (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    round     bigint NOT NULL
);
INSERT INTO alert_rounds (round) VALUES (0);

-- Reading the hour's alerts again.
CREATE INDEX notifications_alerts_recent_idx ON notifications (created_at) WHERE kind = 'alert_match';
