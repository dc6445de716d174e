-- The life of an accepted place (issue 22): the worker confirms they will come (确认到岗), an employer may
-- take back a place left unconfirmed past its deadline (收回名额), and cancelling a place inside 24 hours
-- of the shift, by either side, needs a reason and is recorded as late. Every change of an application
-- lands in its timeline, the evidence staff read when a shift goes wrong.

-- When a shift begins: its first day at its start time (08:00 where a posting never said), China time.
CREATE FUNCTION lingong_shift_starts_at(first_day date, start_time time) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (first_day + coalesce(start_time, time '08:00')) AT TIME ZONE 'Asia/Shanghai';

-- Until when an accepted worker may confirm before the employer may take the place back: 20:00 the
-- evening before the shift, but never sooner than two hours after the acceptance (a place given late
-- still leaves time to answer).
CREATE FUNCTION lingong_confirm_by(first_day date, accepted_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN greatest(((first_day - 1) + time '20:00') AT TIME ZONE 'Asia/Shanghai',
                    accepted_at + interval '2 hours');

ALTER TABLE applications DROP CONSTRAINT applications_status_check;
ALTER TABLE applications ADD CONSTRAINT applications_status_check
    CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'attended', 'no_show', 'released'));

ALTER TABLE applications
    ADD COLUMN confirmed_at timestamptz,
    -- Why an accepted place was given up (by the worker) or cancelled (by the employer).
    ADD COLUMN cancel_reason text CHECK (char_length(cancel_reason) BETWEEN 2 AND 200),
    -- Given up or cancelled inside 24 hours of the shift's start.
    ADD COLUMN cancelled_late boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT applications_confirmed_only_when_accepted
        CHECK (confirmed_at IS NULL OR status NOT IN ('pending', 'released')),
    ADD CONSTRAINT applications_cancel_reason_only_when_cancelled
        CHECK (cancel_reason IS NULL OR status IN ('withdrawn', 'rejected')),
    ADD CONSTRAINT applications_late_only_when_cancelled
        CHECK (NOT cancelled_late OR status IN ('withdrawn', 'rejected'));

-- The life of an application. Anything not listed is refused, whoever asks:
--   pending   → accepted | rejected | withdrawn
--   accepted  → attended | no_show | withdrawn | rejected (the employer cancels a place)
--             | released (the employer takes back a place not confirmed by its deadline)
--   withdrawn → pending  (applying again, only while the posting is open)
--   rejected, attended, no_show, released: final.
-- Giving up or cancelling an accepted place inside 24 hours of the shift needs a reason.
CREATE OR REPLACE FUNCTION applications_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    shift record;
BEGIN
    IF NEW.status = OLD.status THEN
        IF NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at AND
           (OLD.confirmed_at IS NOT NULL OR NEW.status <> 'accepted') THEN
            RAISE EXCEPTION 'only an accepted place is confirmed, once'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_transition';
        END IF;
        RETURN NEW;
    END IF;
    IF NOT (
           (OLD.status = 'pending' AND NEW.status IN ('accepted', 'rejected', 'withdrawn'))
        OR (OLD.status = 'accepted' AND NEW.status IN ('attended', 'no_show', 'withdrawn', 'rejected', 'released'))
        OR (OLD.status = 'withdrawn' AND NEW.status = 'pending')
    ) THEN
        RAISE EXCEPTION 'an application cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_transition';
    END IF;
    IF OLD.status = 'withdrawn' THEN
        PERFORM applications_check_posting_open_for(NEW.posting_id);
    END IF;
    SELECT start_date, start_time INTO shift FROM postings WHERE id = NEW.posting_id;
    IF OLD.status = 'accepted' AND NEW.status = 'released' AND (
           OLD.confirmed_at IS NOT NULL OR NEW.confirmed_at IS NOT NULL
        OR now() < lingong_confirm_by(shift.start_date, OLD.decided_at)) THEN
        RAISE EXCEPTION 'a place is taken back only when unconfirmed past its deadline'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_release';
    END IF;
    IF OLD.status = 'accepted' AND NEW.status IN ('withdrawn', 'rejected') THEN
        NEW.cancelled_late := now() > lingong_shift_starts_at(shift.start_date, shift.start_time) - interval '24 hours';
        IF NEW.cancelled_late AND NEW.cancel_reason IS NULL THEN
            RAISE EXCEPTION 'cancelling a place inside 24 hours of the shift needs a reason'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_late_reason';
        END IF;
    ELSE
        NEW.cancel_reason := NULL;
        NEW.cancelled_late := false;
    END IF;
    IF NEW.status IN ('accepted', 'rejected') THEN
        NEW.decided_at := now();
    END IF;
    IF NEW.status <> 'rejected' THEN
        NEW.decision_reason := NULL;
    END IF;
    IF NEW.status IN ('pending', 'released') THEN
        NEW.confirmed_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

DROP TRIGGER applications_transition ON applications;
CREATE TRIGGER applications_transition
    BEFORE UPDATE OF status, confirmed_at ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_check_transition();

-- The timeline of every application, written by the database itself so that no path forgets it.
CREATE TABLE application_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL DEFAULT now(),
    kind            text NOT NULL CHECK (kind IN ('applied', 'accepted', 'rejected', 'withdrawn', 'attended',
                                                  'no_show', 'released', 'confirmed', 'cancelled')),
    -- A cancellation inside 24 hours of the shift.
    late            boolean NOT NULL DEFAULT false,
    reason          text CHECK (char_length(reason) <= 200)
);
CREATE INDEX application_events_application_idx ON application_events (application_id, at);

CREATE FUNCTION applications_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR (OLD.status = 'withdrawn' AND NEW.status = 'pending') THEN
        INSERT INTO application_events (application_id, kind) VALUES (NEW.id, 'applied');
    ELSIF NEW.status <> OLD.status THEN
        INSERT INTO application_events (application_id, kind, late, reason)
        VALUES (NEW.id,
                -- The employer's cancelling of a place it had given.
                CASE WHEN OLD.status = 'accepted' AND NEW.status = 'rejected' THEN 'cancelled' ELSE NEW.status END,
                NEW.cancelled_late,
                coalesce(NEW.cancel_reason, NEW.decision_reason));
    ELSIF NEW.confirmed_at IS NOT NULL AND OLD.confirmed_at IS NULL THEN
        INSERT INTO application_events (application_id, kind) VALUES (NEW.id, 'confirmed');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER applications_events
    AFTER INSERT OR UPDATE OF status, confirmed_at ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_record_event();

-- Told to the other side: a place confirmed (to the employer), taken back or cancelled (to the worker).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled'));
