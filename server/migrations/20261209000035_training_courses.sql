-- Training (技能培训, issue 23): an organisation that trains (a school, an employer's academy) proposes a
-- course; staff of the area where it is held approve or reject it; workers enrol up to its capacity,
-- which can never be over-filled (the same guarantee as a posting's places and a bus's seats); staff
-- record attendance and completion with the certificate number, which adds the course's trade to the
-- worker's profile. An 订单培训 course names a partner employer and the places it promises graduates.
CREATE TABLE courses (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id       bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    trade_code        text NOT NULL REFERENCES trades (code),
    title             text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    description       text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    city_adcode       integer NOT NULL REFERENCES cities (adcode),
    district_adcode   integer NOT NULL REFERENCES districts (adcode),
    address           text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 100),
    starts_on         date NOT NULL,
    ends_on           date NOT NULL,
    -- When it meets, as learners read it: 每周一至周五 9:00–16:00.
    schedule          text NOT NULL CHECK (char_length(schedule) BETWEEN 2 AND 100),
    hours             smallint NOT NULL CHECK (hours BETWEEN 1 AND 2000),
    capacity          smallint NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    -- Learners enrolled or completed: kept by the enrolments' trigger, never more than the capacity.
    enrolled          smallint NOT NULL DEFAULT 0,
    -- What a learner pays, in fen; 0 is free.
    cost_cents        integer NOT NULL CHECK (cost_cents BETWEEN 0 AND 10000000),
    -- Whether it qualifies for the training subsidy (培训补贴).
    subsidy_eligible  boolean NOT NULL DEFAULT false,
    partner_id        bigint REFERENCES employers (id) ON DELETE SET NULL,
    -- The places the partner promises graduates (订单培训).
    partner_places    smallint CHECK (partner_places BETWEEN 1 AND 500),
    status            text NOT NULL DEFAULT 'proposed'
                      CHECK (status IN ('proposed', 'approved', 'rejected', 'cancelled')),
    -- Why it was rejected or cancelled, as the provider and the learners read it.
    status_reason     text CHECK (char_length(status_reason) BETWEEN 2 AND 200),
    proposed_by       bigint REFERENCES accounts (id) ON DELETE SET NULL,
    decided_by        bigint REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT courses_enrolled CHECK (enrolled BETWEEN 0 AND capacity),
    CONSTRAINT courses_dates CHECK (ends_on BETWEEN starts_on AND starts_on + 366),
    CONSTRAINT courses_district CHECK (district_adcode / 100 * 100 = city_adcode),
    CONSTRAINT courses_partner CHECK (partner_id IS DISTINCT FROM provider_id
                                      AND (partner_places IS NULL OR partner_places <= capacity)),
    CONSTRAINT courses_reason CHECK ((status IN ('rejected', 'cancelled')) = (status_reason IS NOT NULL)),
    CONSTRAINT courses_decided CHECK ((status = 'proposed') = (decided_at IS NULL))
);
CREATE INDEX courses_area_idx ON courses (city_adcode, district_adcode, status, starts_on);
CREATE INDEX courses_provider_idx ON courses (provider_id, id);
CREATE INDEX courses_partner_idx ON courses (partner_id) WHERE partner_id IS NOT NULL;
CREATE INDEX courses_trade_idx ON courses (trade_code, starts_on) WHERE status = 'approved';
CREATE TRIGGER courses_touch BEFORE UPDATE ON courses FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- The day in China, which is when a course's days begin and end.
CREATE FUNCTION lingong_china_today() RETURNS date
    LANGUAGE sql STABLE PARALLEL SAFE RETURN (now() AT TIME ZONE 'Asia/Shanghai')::date;

-- A course's life: proposed for a day to come (or today) → approved or rejected by staff; proposed or
-- approved → cancelled (by its provider or staff). Rejected and cancelled are final. Who gives it, what
-- it teaches and where never change; once approved, neither do its dates.
CREATE FUNCTION courses_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'proposed' OR NEW.enrolled <> 0 OR NEW.starts_on < lingong_china_today() THEN
            RAISE EXCEPTION 'a course is proposed, empty, for a day to come'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_life';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.provider_id, NEW.trade_code, NEW.city_adcode, NEW.district_adcode, NEW.created_at)
       IS DISTINCT FROM (OLD.provider_id, OLD.trade_code, OLD.city_adcode, OLD.district_adcode, OLD.created_at)
       OR (OLD.status <> 'proposed' AND (NEW.starts_on, NEW.ends_on) IS DISTINCT FROM (OLD.starts_on, OLD.ends_on)) THEN
        RAISE EXCEPTION 'a course keeps its provider, trade, place and (once decided) dates'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_life';
    END IF;
    moved := CASE
        WHEN NEW.status = OLD.status THEN OLD.status IN ('proposed', 'approved')
        WHEN OLD.status = 'proposed' THEN NEW.status IN ('approved', 'rejected', 'cancelled')
        WHEN OLD.status = 'approved' THEN NEW.status = 'cancelled'
        ELSE false
    END;
    IF NOT moved THEN
        RAISE EXCEPTION 'course % → % not allowed', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'courses_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER courses_check BEFORE INSERT OR UPDATE ON courses
    FOR EACH ROW EXECUTE FUNCTION courses_check();

-- A worker on a course: enrolled (until the first day), withdrawn (and back, until the first day), or
-- completed with a certificate (from the first day on; final).
CREATE TABLE course_enrolments (
    course_id         bigint NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    worker_id         bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    status            text NOT NULL DEFAULT 'enrolled' CHECK (status IN ('enrolled', 'withdrawn', 'completed')),
    -- The worker agreed that the partner employer of an 订单培训 course learns of their completion,
    -- with their name and phone: asked at enrolment, only on such a course.
    partner_consent   boolean NOT NULL DEFAULT false,
    enrolled_at       timestamptz NOT NULL DEFAULT now(),
    changed_at        timestamptz NOT NULL DEFAULT now(),
    certificate_no    text CHECK (certificate_no ~ '^[A-Za-z0-9-]{4,40}$'),
    completed_at      timestamptz,
    completed_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    PRIMARY KEY (course_id, worker_id),
    CONSTRAINT course_enrolments_completed
        CHECK ((status = 'completed') = (certificate_no IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX course_enrolments_worker_idx ON course_enrolments (worker_id);

CREATE FUNCTION course_enrolments_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    c courses;
    allowed boolean;
BEGIN
    SELECT * INTO c FROM courses WHERE id = NEW.course_id;
    IF TG_OP = 'UPDATE' AND ((NEW.course_id, NEW.worker_id, NEW.enrolled_at)
                             IS DISTINCT FROM (OLD.course_id, OLD.worker_id, OLD.enrolled_at)
                             OR (NEW.status = OLD.status AND NEW.partner_consent IS DISTINCT FROM OLD.partner_consent)) THEN
        RAISE EXCEPTION 'an enrolment is never moved'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'course_enrolments_life';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        IF OLD.status = 'completed' AND (NEW.certificate_no, NEW.completed_at)
                                        IS DISTINCT FROM (OLD.certificate_no, OLD.completed_at) THEN
            RAISE EXCEPTION 'a completion is not rewritten'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'course_enrolments_life';
        END IF;
        -- The SET NULL of a deleted account, or nothing.
        RETURN NEW;
    END IF;
    allowed := CASE
        WHEN TG_OP = 'INSERT' OR OLD.status = 'withdrawn' THEN
            NEW.status = 'enrolled' AND c.status = 'approved' AND lingong_china_today() <= c.starts_on
            AND (NEW.partner_consent = false OR c.partner_id IS NOT NULL)
        WHEN OLD.status = 'enrolled' AND NEW.status = 'withdrawn' THEN
            lingong_china_today() <= c.starts_on
        WHEN OLD.status = 'enrolled' AND NEW.status = 'completed' THEN
            c.status = 'approved' AND lingong_china_today() >= c.starts_on
        ELSE false
    END;
    IF NOT allowed THEN
        RAISE EXCEPTION 'enrolment % → % not allowed now', CASE WHEN TG_OP = 'INSERT' THEN 'new' ELSE OLD.status END, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'course_enrolments_life';
    END IF;
    NEW.changed_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER course_enrolments_check BEFORE INSERT OR UPDATE ON course_enrolments
    FOR EACH ROW EXECUTE FUNCTION course_enrolments_check();

-- The course's count of learners follows its enrolments; the course's CHECK refuses one too many.
CREATE FUNCTION course_enrolments_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP = 'UPDATE' AND OLD.status IN ('enrolled', 'completed');
    now_in boolean := NEW.status IN ('enrolled', 'completed');
BEGIN
    IF now_in AND NOT was THEN
        UPDATE courses SET enrolled = enrolled + 1 WHERE id = NEW.course_id;
    ELSIF was AND NOT now_in THEN
        UPDATE courses SET enrolled = enrolled - 1 WHERE id = NEW.course_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER course_enrolments_count AFTER INSERT OR UPDATE OF status ON course_enrolments
    FOR EACH ROW EXECUTE FUNCTION course_enrolments_count();

-- A learner present on a day of the course, as staff record it: a day the course runs, not after today,
-- of a learner on it. Never rewritten.
CREATE TABLE course_attendance (
    course_id    bigint NOT NULL,
    worker_id    bigint NOT NULL,
    day          date NOT NULL,
    recorded_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (course_id, worker_id, day),
    FOREIGN KEY (course_id, worker_id) REFERENCES course_enrolments (course_id, worker_id) ON DELETE CASCADE
);

CREATE FUNCTION course_attendance_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.course_id, NEW.worker_id, NEW.day, NEW.recorded_at)
                            IS DISTINCT FROM (OLD.course_id, OLD.worker_id, OLD.day, OLD.recorded_at) THEN
        RAISE EXCEPTION 'attendance is not rewritten'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'course_attendance_day';
    END IF;
    IF TG_OP = 'INSERT' AND NOT EXISTS (
        SELECT 1 FROM courses c JOIN course_enrolments e ON e.course_id = c.id
         WHERE c.id = NEW.course_id AND e.worker_id = NEW.worker_id
           AND c.status = 'approved' AND e.status IN ('enrolled', 'completed')
           AND NEW.day BETWEEN c.starts_on AND least(c.ends_on, lingong_china_today())) THEN
        RAISE EXCEPTION 'attendance is for a learner on a day the course has run'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'course_attendance_day';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER course_attendance_check BEFORE INSERT OR UPDATE ON course_attendance
    FOR EACH ROW EXECUTE FUNCTION course_attendance_check();

-- Notifications about a course link to it.
ALTER TABLE notifications ADD COLUMN course_id bigint REFERENCES courses (id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected', 'bus_cancelled',
    'help_offered', 'help_referral', 'course_decided', 'course_cancelled', 'course_completed',
    'course_graduate'));
