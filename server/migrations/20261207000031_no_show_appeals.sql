-- A worker the employer marked as not having come (未到岗) may appeal it (申诉) once, within 30 days of
-- the marking, with a reason staff read; the staff who decide the posting's wage cases decide it once.
-- An upheld no-show leaves the worker's attendance (it counts neither as worked nor as missed); a
-- rejected one stays. The employer's marking itself is never rewritten: it is the evidence.
CREATE TABLE no_show_appeals (
    application_id  bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    reason          text NOT NULL CHECK (char_length(reason) BETWEEN 2 AND 200),
    appealed_at     timestamptz NOT NULL DEFAULT now(),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
    decided_at      timestamptz,
    decided_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT no_show_appeals_decided CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE INDEX no_show_appeals_open_idx ON no_show_appeals (appealed_at) WHERE status = 'open';

-- How long after the marking a worker may still appeal it.
CREATE FUNCTION lingong_no_show_appeal_days() RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN 30;

-- Appealed only for a place marked as missed, inside the window; decided once. An account deleted
-- leaves its decisions without a name (the foreign key's SET NULL).
CREATE FUNCTION no_show_appeals_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'open' OR NOT EXISTS (
               SELECT 1 FROM applications a
                WHERE a.id = NEW.application_id AND a.status = 'no_show'
                  AND EXISTS (SELECT 1 FROM application_events e
                               WHERE e.application_id = a.id AND e.kind = 'no_show'
                                 AND e.at > now() - make_interval(days => lingong_no_show_appeal_days()))) THEN
            RAISE EXCEPTION 'a no-show is appealed once, within the days after it was recorded'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'no_show_appeals_open';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.application_id, NEW.reason, NEW.appealed_at)
           IS DISTINCT FROM (OLD.application_id, OLD.reason, OLD.appealed_at)
       OR NOT (   (OLD.status = 'open' AND NEW.status IN ('upheld', 'rejected'))
               OR (NEW.status = OLD.status AND NEW.decided_at IS NOT DISTINCT FROM OLD.decided_at
                   AND (NEW.decided_by IS NULL OR NEW.decided_by = OLD.decided_by))) THEN
        RAISE EXCEPTION 'a no-show appeal is decided once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'no_show_appeals_once';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER no_show_appeals_check
    BEFORE INSERT OR UPDATE ON no_show_appeals
    FOR EACH ROW EXECUTE FUNCTION no_show_appeals_check();

-- The timeline (a wage case's evidence) learns the appeal and its decision.
ALTER TABLE application_events DROP CONSTRAINT application_events_kind_check;
ALTER TABLE application_events ADD CONSTRAINT application_events_kind_check CHECK (kind IN (
    'applied', 'accepted', 'rejected', 'withdrawn', 'attended', 'no_show', 'released', 'confirmed',
    'cancelled', 'checked_in', 'checked_out', 'hours_corrected', 'payment_recorded',
    'payment_confirmed', 'payment_disputed', 'case_opened', 'case_upheld', 'case_settled',
    'case_dismissed', 'rated_by_worker', 'rated_by_employer', 'no_show_appealed',
    'no_show_appeal_upheld', 'no_show_appeal_rejected'));

CREATE FUNCTION no_show_appeals_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO application_events (application_id, kind, reason)
        VALUES (NEW.application_id, 'no_show_appealed', NEW.reason);
    ELSIF NEW.status <> OLD.status THEN
        INSERT INTO application_events (application_id, kind)
        VALUES (NEW.application_id, 'no_show_appeal_' || NEW.status);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER no_show_appeals_events
    AFTER INSERT OR UPDATE OF status ON no_show_appeals
    FOR EACH ROW EXECUTE FUNCTION no_show_appeals_record_event();

-- The employer hears of the appeal; both sides hear of the decision.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected'));
