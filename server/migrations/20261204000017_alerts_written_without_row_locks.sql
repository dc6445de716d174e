-- Alerts are written a hundred thousand at a time (crate::alerts). A foreign key checks each row it
-- writes on its own, locking the row it names (FOR KEY SHARE, one WAL record each): the three on
-- notifications (account, posting, saved search) took 10.5 s of the 16.3 s that writing 150,000
-- alerts took (EXPLAIN ANALYZE on 2 cores; 3.4 s with the checks below). The same rules, kept over a
-- whole statement's rows at once:
--   * a notification names an account, and a posting and a saved search if any, that exist;
--   * deleting an account or a posting deletes its notifications; deleting a saved search keeps its
--     alerts, which then name no search (they keep its label as their detail).
-- Notifications other than alerts are few a statement: their rows are locked as a foreign key locks
-- them, so deleting what they name waits for them. Alerts lock nothing: their deliverer holds the
-- alerts lock (`lingong.alerts`) while it writes, and deleting an account, a posting or a saved search
-- takes that lock too, so it either waits for the batch and then deletes its alerts, or goes first and
-- the batch finds it gone (and fails and is delivered again after the deliverer has followed the
-- change). The deletions run in READ COMMITTED, as all of the app's do: their cascades then read the
-- batch's rows once it committed.
ALTER TABLE notifications
    DROP CONSTRAINT notifications_account_id_fkey,
    DROP CONSTRAINT notifications_posting_id_fkey,
    DROP CONSTRAINT notifications_saved_search_id_fkey;

CREATE FUNCTION notifications_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Alerts are written under the alerts lock, whoever writes them (the deliverer holds it already).
    IF EXISTS (SELECT 1 FROM new_rows WHERE kind = 'alert_match') THEN
        PERFORM pg_advisory_xact_lock(hashtext('lingong.alerts'));
    END IF;
    PERFORM 1 FROM accounts a
      WHERE a.id IN (SELECT account_id FROM new_rows WHERE kind <> 'alert_match') FOR KEY SHARE OF a;
    PERFORM 1 FROM postings p
      WHERE p.id IN (SELECT posting_id FROM new_rows WHERE kind <> 'alert_match') FOR KEY SHARE OF p;
    PERFORM 1 FROM saved_searches s
      WHERE s.id IN (SELECT saved_search_id FROM new_rows WHERE kind <> 'alert_match') FOR KEY SHARE OF s;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = n.account_id)) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a notification names an account that does not exist',
            CONSTRAINT = 'notifications_account_id_fkey';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.posting_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.id = n.posting_id)) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a notification names a posting that does not exist',
            CONSTRAINT = 'notifications_posting_id_fkey';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n WHERE n.saved_search_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM saved_searches s WHERE s.id = n.saved_search_id)) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a notification names a saved search that does not exist',
            CONSTRAINT = 'notifications_saved_search_id_fkey';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_check_references AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notifications_check_references();

-- What a notification names is set when it is written, checked above, and never changed after, but
-- for an alert's search, which may only be let go (an alert that merged several searches names none).
CREATE FUNCTION notifications_keep_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.account_id <> OLD.account_id
       OR NEW.posting_id IS DISTINCT FROM OLD.posting_id
       OR (NEW.saved_search_id IS NOT NULL AND NEW.saved_search_id IS DISTINCT FROM OLD.saved_search_id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'what a notification names is not changed after it is written';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER notifications_keep_references BEFORE UPDATE OF account_id, posting_id, saved_search_id
    ON notifications FOR EACH ROW EXECUTE FUNCTION notifications_keep_references();

-- Deleting what alerts name waits for a batch being written (see above).
CREATE FUNCTION alerts_hold_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(hashtext('lingong.alerts'));
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_hold_alert_delivery BEFORE DELETE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION alerts_hold_delivery();
CREATE TRIGGER postings_hold_alert_delivery BEFORE DELETE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION alerts_hold_delivery();
CREATE TRIGGER saved_searches_hold_alert_delivery BEFORE DELETE ON saved_searches
    FOR EACH STATEMENT EXECUTE FUNCTION alerts_hold_delivery();

CREATE FUNCTION accounts_drop_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM notifications n USING old_rows o WHERE n.account_id = o.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_drop_notifications AFTER DELETE ON accounts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_drop_notifications();

CREATE FUNCTION postings_drop_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM notifications n USING old_rows o WHERE n.posting_id = o.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER postings_drop_notifications AFTER DELETE ON postings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION postings_drop_notifications();

-- A search's alerts are found among its searcher's notifications: an index of every alert's search,
-- touched at a random place by each alert written, cost more than it saved.
DROP INDEX notifications_saved_search_idx;
CREATE FUNCTION saved_searches_release_alerts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE notifications n SET saved_search_id = NULL, detail = left(o.label, 200)
      FROM old_rows o JOIN accounts a ON a.worker_id = o.worker_id
     WHERE n.account_id = a.id AND n.saved_search_id = o.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER saved_searches_release_alerts AFTER DELETE ON saved_searches
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION saved_searches_release_alerts();

-- An alert is not announced row by row (the deliverer announces a batch): the trigger need not even be
-- called for one.
DROP TRIGGER notifications_announce ON notifications;
CREATE TRIGGER notifications_announce AFTER INSERT ON notifications
    FOR EACH ROW WHEN (NEW.kind <> 'alert_match') EXECUTE FUNCTION notifications_announce();
