-- The shift itself and what it earns (issue 22): the pay agreed at acceptance, check-in and check-out
-- on site (签到/签退) with the hours they give and the employer's corrections, the payments the
-- employer records and the worker confirms or disputes, and the wage cases (欠薪) district staff decide.
-- Every life cycle here is enforced by the database, and every step lands in the application's
-- timeline: the evidence staff read.

-- The pay agreed when the place was given: a later edit of the posting changes neither.
ALTER TABLE applications
    ADD COLUMN agreed_pay_cents integer CHECK (agreed_pay_cents BETWEEN 100 AND 10000000),
    ADD COLUMN agreed_pay_unit text CHECK (agreed_pay_unit IN ('hour', 'day', 'month', 'piece'));
UPDATE applications a
   SET agreed_pay_cents = p.pay_cents, agreed_pay_unit = p.pay_unit
  FROM postings p
 WHERE p.id = a.posting_id AND a.status IN ('accepted', 'attended', 'no_show');
ALTER TABLE applications ADD CONSTRAINT applications_agreed_pay_when_placed
    CHECK (status NOT IN ('accepted', 'attended', 'no_show')
           OR (agreed_pay_cents IS NOT NULL AND agreed_pay_unit IS NOT NULL));

CREATE FUNCTION applications_fix_agreed_pay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status IN ('accepted', 'attended', 'no_show') THEN
            SELECT pay_cents, pay_unit INTO NEW.agreed_pay_cents, NEW.agreed_pay_unit
              FROM postings WHERE id = NEW.posting_id;
        END IF;
    ELSIF NEW.status = 'accepted' AND OLD.status <> 'accepted' THEN
        SELECT pay_cents, pay_unit INTO NEW.agreed_pay_cents, NEW.agreed_pay_unit
          FROM postings WHERE id = NEW.posting_id;
    ELSIF NEW.agreed_pay_cents IS DISTINCT FROM OLD.agreed_pay_cents
       OR NEW.agreed_pay_unit IS DISTINCT FROM OLD.agreed_pay_unit THEN
        RAISE EXCEPTION 'the agreed pay is fixed when the place is given'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_agreed_pay';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER applications_agreed_pay
    BEFORE INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_fix_agreed_pay();

-- When a day's check-in opens (an hour before the start), when it closes (at the shift's planned
-- end) and until when a worker may check out (six hours after the planned end: overtime happens).
CREATE FUNCTION lingong_check_in_opens(day date, start_time time) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lingong_shift_starts_at(day, start_time) - interval '1 hour';
CREATE FUNCTION lingong_check_in_closes(day date, start_time time, shift_minutes int) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lingong_shift_starts_at(day, start_time) + make_interval(mins => shift_minutes);
CREATE FUNCTION lingong_check_out_closes(day date, start_time time, shift_minutes int) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN lingong_check_in_closes(day, start_time, shift_minutes) + interval '6 hours';

-- The secret each posting's check-in codes are derived from (a TOTP key: a code changes every 30
-- seconds). In a table of its own so that no query about postings can carry it out by accident.
CREATE TABLE check_in_keys (
    posting_id  bigint PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
    secret      bytea NOT NULL DEFAULT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
                CHECK (octet_length(secret) >= 16)
);

-- One worked day of a place (出勤): when the worker arrived and left, how it was recorded, and the
-- employer's correction of the hours, which the worker sees.
CREATE TABLE shift_days (
    application_id   bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    work_date        date NOT NULL,
    checked_in_at    timestamptz NOT NULL,
    -- The employer's rotating code, the worker's location within 300 m, or the employer's own record.
    check_in_by      text NOT NULL CHECK (check_in_by IN ('code', 'location', 'employer')),
    checked_out_at   timestamptz,
    check_out_by     text CHECK (check_out_by IN ('code', 'location', 'employer')),
    corrected_minutes smallint CHECK (corrected_minutes BETWEEN 0 AND 1440),
    correction_note  text CHECK (char_length(correction_note) BETWEEN 2 AND 200),
    corrected_at     timestamptz,
    PRIMARY KEY (application_id, work_date),
    CONSTRAINT shift_days_out_after_in CHECK (checked_out_at IS NULL OR checked_out_at > checked_in_at),
    CONSTRAINT shift_days_out_by CHECK ((checked_out_at IS NULL) = (check_out_by IS NULL)),
    CONSTRAINT shift_days_correction CHECK ((corrected_minutes IS NULL) = (correction_note IS NULL)
                                            AND (corrected_minutes IS NULL) = (corrected_at IS NULL))
);

-- Minutes worked on a day: the employer's correction, else from check-in to check-out.
CREATE FUNCTION lingong_minutes_worked(d shift_days) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(d.corrected_minutes,
                    floor(extract(epoch FROM d.checked_out_at - d.checked_in_at) / 60)::int);

-- Check-in only for a worker holding the place, on a day of the shift, inside that day's window
-- (the employer's own record: at a time inside the window that has passed, within a week after);
-- check-out once, after check-in, inside its window; the arrival never rewritten. The first
-- check-in records the worker as arrived (已到岗).
CREATE FUNCTION shift_days_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    place record;
BEGIN
    -- The application's row lock orders this against a concurrent cancel or no-show, and against a
    -- second check-in of the same place (whose arrival then updates the application too).
    SELECT a.status, p.start_date, p.end_date, p.start_time, p.shift_minutes INTO place
      FROM applications a JOIN postings p ON p.id = a.posting_id
     WHERE a.id = NEW.application_id
       FOR NO KEY UPDATE OF a;
    IF place.status NOT IN ('accepted', 'attended') THEN
        RAISE EXCEPTION 'only a worker holding the place checks in'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_place';
    END IF;
    IF NEW.work_date NOT BETWEEN place.start_date AND place.end_date THEN
        RAISE EXCEPTION 'not a day of this shift'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_window';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.checked_in_at <> OLD.checked_in_at OR NEW.check_in_by <> OLD.check_in_by
                             OR NEW.work_date <> OLD.work_date OR NEW.application_id <> OLD.application_id
                             OR (OLD.checked_out_at IS NOT NULL
                                 AND NEW.checked_out_at IS DISTINCT FROM OLD.checked_out_at)) THEN
        RAISE EXCEPTION 'an arrival or a departure, once recorded, stays; the hours are corrected instead'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_once';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.check_in_by = 'employer' THEN
            IF NEW.checked_in_at NOT BETWEEN lingong_check_in_opens(NEW.work_date, place.start_time)
                                         AND lingong_check_out_closes(NEW.work_date, place.start_time, place.shift_minutes)
               OR NEW.checked_in_at > now()
               OR now() > lingong_check_out_closes(NEW.work_date, place.start_time, place.shift_minutes) + interval '7 days' THEN
                RAISE EXCEPTION 'an arrival is recorded inside the shift''s window, once it has passed'
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_window';
            END IF;
        ELSIF NEW.checked_in_at <> now()
           OR now() NOT BETWEEN lingong_check_in_opens(NEW.work_date, place.start_time)
                            AND lingong_check_in_closes(NEW.work_date, place.start_time, place.shift_minutes) THEN
            RAISE EXCEPTION 'check-in opens an hour before the shift and closes at its end'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_window';
        END IF;
    END IF;
    IF NEW.checked_out_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.checked_out_at IS NULL) THEN
        IF NEW.check_out_by = 'employer' THEN
            IF NEW.checked_out_at > now()
               OR NEW.checked_out_at > lingong_check_out_closes(NEW.work_date, place.start_time, place.shift_minutes) THEN
                RAISE EXCEPTION 'a departure is recorded inside the shift''s window, once it has passed'
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_window';
            END IF;
        ELSIF NEW.checked_out_at <> now()
           OR now() > lingong_check_out_closes(NEW.work_date, place.start_time, place.shift_minutes) THEN
            RAISE EXCEPTION 'check-out closes six hours after the shift''s planned end'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_window';
        END IF;
    END IF;
    IF NEW.corrected_minutes IS NOT NULL AND NEW.checked_out_at IS NULL THEN
        RAISE EXCEPTION 'hours are corrected once the worker has left'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_days_correction';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER shift_days_check
    BEFORE INSERT OR UPDATE ON shift_days
    FOR EACH ROW EXECUTE FUNCTION shift_days_check();

-- What an employer paid for a place (工资发放), and the worker's answer: received (confirmed) or
-- disputed with a reason. Answered once. Several payments may make up one place's pay.
CREATE TABLE shift_payments (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    amount_cents    integer NOT NULL CHECK (amount_cents BETWEEN 1 AND 100000000),
    method          text NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'bank')),
    paid_on         date NOT NULL,
    note            text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    recorded_by     bigint REFERENCES accounts (id) ON DELETE SET NULL,
    status          text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'confirmed', 'disputed')),
    answered_at     timestamptz,
    dispute_reason  text CHECK (char_length(dispute_reason) BETWEEN 2 AND 200),
    CONSTRAINT shift_payments_answered CHECK ((status = 'recorded') = (answered_at IS NULL)),
    CONSTRAINT shift_payments_dispute_reason CHECK ((status = 'disputed') = (dispute_reason IS NOT NULL))
);
CREATE INDEX shift_payments_application_idx ON shift_payments (application_id, recorded_at);

CREATE FUNCTION shift_payments_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM applications WHERE id = NEW.application_id AND status = 'attended'
                          FOR SHARE) THEN
            RAISE EXCEPTION 'a payment is recorded for a worker who came'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_payments_place';
        END IF;
        IF NEW.status <> 'recorded' THEN
            RAISE EXCEPTION 'a payment starts unanswered'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_payments_transition';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status <> 'recorded' OR NEW.status = 'recorded'
       OR (NEW.application_id, NEW.amount_cents, NEW.method, NEW.paid_on, NEW.note, NEW.recorded_at)
          IS DISTINCT FROM (OLD.application_id, OLD.amount_cents, OLD.method, OLD.paid_on, OLD.note, OLD.recorded_at) THEN
        RAISE EXCEPTION 'a payment is answered once, and never rewritten'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'shift_payments_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER shift_payments_check
    BEFORE INSERT OR UPDATE ON shift_payments
    FOR EACH ROW EXECUTE FUNCTION shift_payments_check();

-- A wage case (欠薪): a place worked but not paid, or paid in dispute, taken to the staff of the
-- posting's district with the whole timeline as evidence. Opened by the worker, or by the daily
-- sweep once a shift has stayed unsettled too long; closed once:
--   open → upheld (wages were owed: counts against the employer) | settled (paid during the case)
--        | dismissed (unfounded).
CREATE TABLE wage_cases (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  bigint NOT NULL UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    city_adcode     integer NOT NULL REFERENCES cities (adcode),
    district_adcode integer REFERENCES districts (adcode),
    opened_at       timestamptz NOT NULL DEFAULT now(),
    opened_by       text NOT NULL CHECK (opened_by IN ('worker', 'overdue')),
    -- The worker's own words, when they opened it.
    complaint       text NOT NULL DEFAULT '' CHECK (char_length(complaint) <= 500),
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'settled', 'dismissed')),
    closed_at       timestamptz,
    closed_by       bigint REFERENCES accounts (id) ON DELETE SET NULL,
    decision_note   text CHECK (char_length(decision_note) BETWEEN 2 AND 500),
    CONSTRAINT wage_cases_closed CHECK ((status = 'open') = (closed_at IS NULL)
                                        AND (status = 'open') = (decision_note IS NULL))
);
CREATE INDEX wage_cases_open_idx ON wage_cases (city_adcode, district_adcode, opened_at) WHERE status = 'open';

CREATE FUNCTION wage_cases_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'open' OR NOT EXISTS (
               SELECT 1 FROM applications WHERE id = NEW.application_id AND status = 'attended') THEN
            RAISE EXCEPTION 'a wage case opens for a worker who came'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'wage_cases_transition';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status <> 'open' OR NEW.status = 'open'
       OR (NEW.application_id, NEW.opened_at, NEW.opened_by, NEW.complaint)
          IS DISTINCT FROM (OLD.application_id, OLD.opened_at, OLD.opened_by, OLD.complaint) THEN
        RAISE EXCEPTION 'a wage case is closed once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'wage_cases_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER wage_cases_check
    BEFORE INSERT OR UPDATE ON wage_cases
    FOR EACH ROW EXECUTE FUNCTION wage_cases_check();

-- Wrong check-in codes count against the account: three codes of a million are valid at a time, so
-- ten guesses an hour make a guess worthless.
ALTER TABLE auth_events DROP CONSTRAINT auth_events_kind_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_kind_check
    CHECK (kind IN ('code_sent', 'code_failed', 'password_failed', 'report_filed', 'contact_shown',
                    'check_in_code_failed'));

-- The timeline learns the new steps.
ALTER TABLE application_events DROP CONSTRAINT application_events_kind_check;
ALTER TABLE application_events
    ADD CONSTRAINT application_events_kind_check CHECK (kind IN (
        'applied', 'accepted', 'rejected', 'withdrawn', 'attended', 'no_show', 'released', 'confirmed',
        'cancelled', 'checked_in', 'checked_out', 'hours_corrected', 'payment_recorded',
        'payment_confirmed', 'payment_disputed', 'case_opened', 'case_upheld', 'case_settled',
        'case_dismissed')),
    ADD COLUMN work_date date,
    ADD COLUMN minutes integer,
    ADD COLUMN amount_cents integer,
    -- How a check-in or check-out was made, or how a payment was paid.
    ADD COLUMN method text;
ALTER TABLE application_events DROP CONSTRAINT application_events_reason_check;
ALTER TABLE application_events ADD CONSTRAINT application_events_reason_check
    CHECK (char_length(reason) <= 500);

CREATE FUNCTION shift_days_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO application_events (application_id, at, kind, work_date, method)
        VALUES (NEW.application_id, NEW.checked_in_at, 'checked_in', NEW.work_date, NEW.check_in_by);
        -- Arrived (已到岗): the place is now a worked one.
        UPDATE applications SET status = 'attended' WHERE id = NEW.application_id AND status = 'accepted';
    END IF;
    IF NEW.checked_out_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.checked_out_at IS NULL) THEN
        INSERT INTO application_events (application_id, at, kind, work_date, method, minutes)
        VALUES (NEW.application_id, NEW.checked_out_at, 'checked_out', NEW.work_date, NEW.check_out_by,
                lingong_minutes_worked(NEW));
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.corrected_at IS DISTINCT FROM OLD.corrected_at AND NEW.corrected_at IS NOT NULL THEN
        INSERT INTO application_events (application_id, kind, work_date, minutes, reason)
        VALUES (NEW.application_id, 'hours_corrected', NEW.work_date, NEW.corrected_minutes, NEW.correction_note);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER shift_days_events
    AFTER INSERT OR UPDATE ON shift_days
    FOR EACH ROW EXECUTE FUNCTION shift_days_record_event();

CREATE FUNCTION shift_payments_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO application_events (application_id, kind, amount_cents, method, reason)
    VALUES (NEW.application_id,
            CASE NEW.status WHEN 'recorded' THEN 'payment_recorded' WHEN 'confirmed' THEN 'payment_confirmed'
                            ELSE 'payment_disputed' END,
            NEW.amount_cents, NEW.method,
            CASE WHEN NEW.status = 'disputed' THEN NEW.dispute_reason ELSE nullif(NEW.note, '') END);
    RETURN NULL;
END
$$;
CREATE TRIGGER shift_payments_events
    AFTER INSERT OR UPDATE OF status ON shift_payments
    FOR EACH ROW EXECUTE FUNCTION shift_payments_record_event();

CREATE FUNCTION wage_cases_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO application_events (application_id, kind, reason)
    VALUES (NEW.application_id,
            CASE WHEN TG_OP = 'INSERT' THEN 'case_opened' ELSE 'case_' || NEW.status END,
            CASE WHEN TG_OP = 'INSERT' THEN nullif(NEW.complaint, '') ELSE NEW.decision_note END);
    RETURN NULL;
END
$$;
CREATE TRIGGER wage_cases_events
    AFTER INSERT OR UPDATE OF status ON wage_cases
    FOR EACH ROW EXECUTE FUNCTION wage_cases_record_event();

-- Told to the other side: a payment recorded (to the worker), answered (to the employer), a wage case
-- opened or decided (to both).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case'));
