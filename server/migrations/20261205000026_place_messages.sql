-- Messages about a place (issue 22): once a worker is given a place, the worker and the employer write
-- to each other in a thread of that application — the "contact through the platform" an employer who
-- keeps its phone private offers. Stored, shown as text, reportable to staff, limited per account.

CREATE TABLE place_messages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    -- Which side wrote it; the account that did, for the audit of a report.
    from_worker     boolean NOT NULL,
    sender_account  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    body            text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 500),
    -- Written to every place of a posting at once (群发).
    broadcast       boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- Reported by the other side, with why; staff see reported messages on their desk.
    reported_at     timestamptz,
    report_reason   text CHECK (char_length(report_reason) BETWEEN 2 AND 200),
    CONSTRAINT place_messages_report CHECK ((reported_at IS NULL) = (report_reason IS NULL))
);
CREATE INDEX place_messages_thread_idx ON place_messages (application_id, id);
CREATE INDEX place_messages_reported_idx ON place_messages (reported_at) WHERE reported_at IS NOT NULL;

-- A thread is for a place given (accepted, worked or missed): nobody writes to an applicant who was
-- turned down or to a place given up. A message, once written, is never rewritten; only a report is
-- added, once.
CREATE FUNCTION place_messages_check() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF OLD.reported_at IS NOT NULL
       OR (NEW.application_id, NEW.from_worker, NEW.sender_account, NEW.body, NEW.broadcast, NEW.created_at)
          IS DISTINCT FROM (OLD.application_id, OLD.from_worker, OLD.sender_account, OLD.body, OLD.broadcast, OLD.created_at) THEN
        RAISE EXCEPTION 'a message is never rewritten, and reported once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'place_messages_once';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER place_messages_check
    BEFORE INSERT OR UPDATE ON place_messages
    FOR EACH ROW EXECUTE FUNCTION place_messages_check();

-- The other side hears of a message through the notifications (and so live, over the event stream).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message'));

-- Messages count against the account that writes them.
ALTER TABLE auth_events DROP CONSTRAINT auth_events_kind_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_kind_check
    CHECK (kind IN ('code_sent', 'code_failed', 'password_failed', 'report_filed', 'contact_shown',
                    'check_in_code_failed', 'message_sent'));
