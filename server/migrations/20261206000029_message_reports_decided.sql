-- Staff decide a reported message once (issue 22): hidden from both sides of its thread (abuse, fraud, a
-- request to pay or meet off the platform …) or kept. A hidden message stays stored and staff still read
-- it: it may be the evidence of a wage case.
ALTER TABLE place_messages
    ADD COLUMN report_decision    text CHECK (report_decision IN ('hidden', 'kept')),
    ADD COLUMN report_decided_at  timestamptz,
    ADD COLUMN report_decided_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    ADD CONSTRAINT place_messages_decision CHECK ((report_decision IS NULL) = (report_decided_at IS NULL)),
    ADD CONSTRAINT place_messages_decided_report CHECK (report_decision IS NULL OR reported_at IS NOT NULL);
CREATE INDEX place_messages_undecided_idx ON place_messages (reported_at)
    WHERE reported_at IS NOT NULL AND report_decision IS NULL;
DROP INDEX place_messages_reported_idx;

-- What a message said, its thread, side and time never change; it is reported once and decided once. An
-- account deleted leaves its messages and decisions without a name (the foreign keys' SET NULL, which
-- the earlier version of this check refused).
CREATE OR REPLACE FUNCTION place_messages_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM applications
                        WHERE id = NEW.application_id AND status IN ('accepted', 'attended', 'no_show')) THEN
            RAISE EXCEPTION 'messages are for a place given'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'place_messages_place';
        END IF;
        IF NEW.reported_at IS NOT NULL THEN
            RAISE EXCEPTION 'a message starts unreported'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'place_messages_once';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.application_id, NEW.from_worker, NEW.body, NEW.broadcast, NEW.created_at)
          IS DISTINCT FROM (OLD.application_id, OLD.from_worker, OLD.body, OLD.broadcast, OLD.created_at)
       OR (NEW.sender_account IS DISTINCT FROM OLD.sender_account AND NEW.sender_account IS NOT NULL)
       OR (OLD.reported_at IS NOT NULL
           AND (NEW.reported_at, NEW.report_reason) IS DISTINCT FROM (OLD.reported_at, OLD.report_reason))
       OR (OLD.report_decision IS NOT NULL
           AND ((NEW.report_decision, NEW.report_decided_at) IS DISTINCT FROM (OLD.report_decision, OLD.report_decided_at)
                OR (NEW.report_decided_by IS DISTINCT FROM OLD.report_decided_by AND NEW.report_decided_by IS NOT NULL))) THEN
        RAISE EXCEPTION 'a message is never rewritten, and reported and decided once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'place_messages_once';
    END IF;
    RETURN NEW;
END
$$;
