-- A batch of alerts also queues tens of thousands of texts (crate::alerts). Their two foreign keys
-- checked each row on its own, locking the account and the alert it names (FOR KEY SHARE: a WAL
-- record and a dirtied page each, the alert's page just written): queueing 53,000 texts took 1.5 s.
-- The same rules, kept over a whole statement's rows at once, as migration 17 keeps the alerts':
--   * a text is about an alert that exists, and goes to that alert's account;
--   * deleting the alert (or its account, whose alerts go with it) deletes its texts.
-- Texts are written by the deliverer only, under the alerts lock; deleting a notification now takes
-- that lock too (shared), so a deletion either waits for the batch and then deletes its texts, or goes
-- first and the batch finds its alert gone.
DELETE FROM text_outbox t
 WHERE t.notification_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = t.notification_id);
ALTER TABLE text_outbox
    DROP CONSTRAINT text_outbox_account_id_fkey,
    DROP CONSTRAINT text_outbox_notification_id_fkey,
    ALTER COLUMN notification_id SET NOT NULL;
-- Alerts' ids grow, so their texts' do too: this index grows at its end.
CREATE INDEX text_outbox_notification_idx ON text_outbox (notification_id);

CREATE FUNCTION text_outbox_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('lingong.alerts'));
    IF EXISTS (SELECT 1 FROM new_rows t LEFT JOIN notifications n ON n.id = t.notification_id
                WHERE n.id IS NULL OR n.account_id <> t.account_id) THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'a text names an alert that does not exist, or not its account',
            CONSTRAINT = 'text_outbox_notification_id_fkey';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER text_outbox_check_references AFTER INSERT ON text_outbox
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION text_outbox_check_references();

CREATE FUNCTION text_outbox_keep_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.account_id <> OLD.account_id OR NEW.notification_id <> OLD.notification_id THEN
        RAISE foreign_key_violation USING
            MESSAGE = 'what a text names is not changed after it is written';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER text_outbox_keep_references BEFORE UPDATE OF account_id, notification_id
    ON text_outbox FOR EACH ROW EXECUTE FUNCTION text_outbox_keep_references();

CREATE TRIGGER notifications_hold_alert_delivery BEFORE DELETE ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION alerts_hold_delivery();

CREATE OR REPLACE FUNCTION notifications_drop_parts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM alert_parts p USING old_rows o WHERE p.notification_id = o.id;
    DELETE FROM text_outbox t USING old_rows o WHERE t.notification_id = o.id;
    RETURN NULL;
END
$$;

-- Unread notifications are counted along an account's newest (notifications_account_idx): this index
-- was never used, and every alert written touched it at a random place.
DROP INDEX notifications_unread_idx;

-- A batch's hundred thousand alerts name a few hundred postings: each is looked up once.
CREATE OR REPLACE FUNCTION notifications_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT posting_id FROM new_rows WHERE posting_id IS NOT NULL) n
                WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.id = n.posting_id)) THEN
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
