-- Job fairs (招聘会, issue 23): staff of a market hold fairs at it, one-off or recurring (each day of a
-- series is a fair of its own, with its own booths, sign-ups and check-ins); employers ask for a booth
-- and attach their open postings, staff approve booths up to the fair's number; workers sign up and are
-- checked in at the door (their pass's QR code, or their phone number typed by staff); the market's
-- live boards show today's fairs; hires made through a fair are counted for it.
CREATE TABLE job_fairs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The fairs created together as one recurring series share it (the first fair's id).
    series_id       bigint,
    market_id       integer NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    theme           text NOT NULL CHECK (theme IN ('general', 'fishers', 'disabled', 'construction',
                                                   'household', 'manufacturing', 'youth', 'older')),
    title           text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    held_on         date NOT NULL,
    starts_at       time NOT NULL,
    ends_at         time NOT NULL,
    -- Where in (or near) the market: 一楼大厅, 广场.
    place           text NOT NULL DEFAULT '' CHECK (char_length(place) <= 100),
    booths          smallint NOT NULL CHECK (booths BETWEEN 1 AND 200),
    -- Booths approved: kept by the booths' trigger, never more than the booths.
    booked          smallint NOT NULL DEFAULT 0,
    -- 直播送岗: a livestream of the fair, an https address.
    livestream_url  text CHECK (livestream_url ~ '^https://[^\s<>"]{3,}$' AND char_length(livestream_url) <= 308),
    status          text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason   text CHECK (char_length(cancel_reason) BETWEEN 2 AND 200),
    created_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_fairs_booked CHECK (booked BETWEEN 0 AND booths),
    CONSTRAINT job_fairs_hours CHECK (ends_at > starts_at),
    CONSTRAINT job_fairs_cancelled CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX job_fairs_market_idx ON job_fairs (market_id, held_on);
CREATE INDEX job_fairs_day_idx ON job_fairs (held_on) WHERE status = 'scheduled';
CREATE TRIGGER job_fairs_touch BEFORE UPDATE ON job_fairs FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A fair is held on a day to come (or today); its day, market and series never change; cancelled is
-- final.
CREATE FUNCTION job_fairs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.held_on < lingong_china_today() OR NEW.status <> 'scheduled' OR NEW.booked <> 0 THEN
            RAISE EXCEPTION 'a fair is scheduled, without booths taken, for a day to come'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'job_fairs_life';
        END IF;
        RETURN NEW;
    END IF;
    -- (A series is named once, by its first fair's id, as it is created.)
    IF (NEW.market_id, NEW.held_on, NEW.created_at) IS DISTINCT FROM (OLD.market_id, OLD.held_on, OLD.created_at)
       OR (OLD.series_id IS NOT NULL AND NEW.series_id IS DISTINCT FROM OLD.series_id)
       OR (OLD.status = 'cancelled' AND NEW.status <> 'cancelled') THEN
        RAISE EXCEPTION 'a fair keeps its market and day, and a cancelled fair stays cancelled'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'job_fairs_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER job_fairs_check BEFORE INSERT OR UPDATE ON job_fairs
    FOR EACH ROW EXECUTE FUNCTION job_fairs_check();

-- An employer's booth: asked for, approved or rejected by staff, or withdrawn by the employer. Staff
-- mark an approved booth's employer present on the day.
CREATE TABLE fair_booths (
    fair_id       bigint NOT NULL REFERENCES job_fairs (id) ON DELETE CASCADE,
    employer_id   bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    status        text NOT NULL DEFAULT 'requested'
                  CHECK (status IN ('requested', 'approved', 'rejected', 'withdrawn')),
    requested_at  timestamptz NOT NULL DEFAULT now(),
    decided_by    bigint REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at    timestamptz,
    present_at    timestamptz,
    PRIMARY KEY (fair_id, employer_id),
    CONSTRAINT fair_booths_present CHECK (present_at IS NULL OR status = 'approved')
);
CREATE INDEX fair_booths_employer_idx ON fair_booths (employer_id);

-- A booth's life: requested → approved or rejected (staff) or withdrawn (the employer); approved →
-- withdrawn; withdrawn or rejected → requested again (asking once more). Only while the fair is
-- scheduled and not past.
CREATE FUNCTION fair_booths_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    f job_fairs;
    allowed boolean;
BEGIN
    SELECT * INTO f FROM job_fairs WHERE id = NEW.fair_id;
    IF TG_OP = 'UPDATE' AND (NEW.fair_id, NEW.employer_id) IS DISTINCT FROM (OLD.fair_id, OLD.employer_id) THEN
        RAISE EXCEPTION 'a booth is never moved'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_booths_life';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        -- Marked present (once, on the day), or the SET NULL of a deleted account.
        IF NEW.present_at IS DISTINCT FROM OLD.present_at
           AND (OLD.present_at IS NOT NULL OR f.held_on <> lingong_china_today()) THEN
            RAISE EXCEPTION 'an employer is marked present once, on the fair''s day'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_booths_life';
        END IF;
        RETURN NEW;
    END IF;
    allowed := f.status = 'scheduled' AND f.held_on >= lingong_china_today() AND CASE
        WHEN TG_OP = 'INSERT' THEN NEW.status = 'requested'
        WHEN OLD.status = 'requested' THEN NEW.status IN ('approved', 'rejected', 'withdrawn')
        WHEN OLD.status = 'approved' THEN NEW.status = 'withdrawn' AND OLD.present_at IS NULL
        WHEN OLD.status IN ('rejected', 'withdrawn') THEN NEW.status = 'requested'
        ELSE false
    END;
    IF NOT allowed THEN
        RAISE EXCEPTION 'booth % → % not allowed now', CASE WHEN TG_OP = 'INSERT' THEN 'new' ELSE OLD.status END, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_booths_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER fair_booths_check BEFORE INSERT OR UPDATE ON fair_booths
    FOR EACH ROW EXECUTE FUNCTION fair_booths_check();

CREATE FUNCTION fair_booths_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP = 'UPDATE' AND OLD.status = 'approved';
    now_in boolean := NEW.status = 'approved';
BEGIN
    IF now_in AND NOT was THEN
        UPDATE job_fairs SET booked = booked + 1 WHERE id = NEW.fair_id;
    ELSIF was AND NOT now_in THEN
        UPDATE job_fairs SET booked = booked - 1 WHERE id = NEW.fair_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER fair_booths_count AFTER INSERT OR UPDATE OF status ON fair_booths
    FOR EACH ROW EXECUTE FUNCTION fair_booths_count();

-- The postings a booth brings: the booth's employer's own.
CREATE TABLE fair_booth_postings (
    fair_id      bigint NOT NULL,
    employer_id  bigint NOT NULL,
    posting_id   bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    PRIMARY KEY (fair_id, employer_id, posting_id),
    FOREIGN KEY (fair_id, employer_id) REFERENCES fair_booths (fair_id, employer_id) ON DELETE CASCADE
);
CREATE INDEX fair_booth_postings_posting_idx ON fair_booth_postings (posting_id);

CREATE FUNCTION fair_booth_postings_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM postings WHERE id = NEW.posting_id AND employer_id = NEW.employer_id) THEN
        RAISE EXCEPTION 'a booth brings its own employer''s postings'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_booth_postings_own';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER fair_booth_postings_check BEFORE INSERT OR UPDATE ON fair_booth_postings
    FOR EACH ROW EXECUTE FUNCTION fair_booth_postings_check();

-- A worker signed up for a fair, with the pass their phone shows at the door; checked in by staff on
-- the day (once). A walk-in is signed up and checked in at once.
CREATE TABLE fair_signups (
    fair_id        bigint NOT NULL REFERENCES job_fairs (id) ON DELETE CASCADE,
    worker_id      bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    pass_code      text NOT NULL UNIQUE CHECK (pass_code ~ '^[0-9a-f]{16}$'),
    signed_up_at   timestamptz NOT NULL DEFAULT now(),
    checked_in_at  timestamptz,
    checked_in_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    PRIMARY KEY (fair_id, worker_id)
);
CREATE INDEX fair_signups_worker_idx ON fair_signups (worker_id);

CREATE FUNCTION fair_signups_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    f job_fairs;
BEGIN
    SELECT * INTO f FROM job_fairs WHERE id = NEW.fair_id;
    IF TG_OP = 'INSERT' AND (f.status <> 'scheduled' OR f.held_on < lingong_china_today()) THEN
        RAISE EXCEPTION 'sign-ups are for a scheduled fair to come'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_signups_life';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.fair_id, NEW.worker_id, NEW.pass_code, NEW.signed_up_at)
                            IS DISTINCT FROM (OLD.fair_id, OLD.worker_id, OLD.pass_code, OLD.signed_up_at) THEN
        RAISE EXCEPTION 'a sign-up is never moved'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_signups_life';
    END IF;
    IF NEW.checked_in_at IS DISTINCT FROM (CASE WHEN TG_OP = 'UPDATE' THEN OLD.checked_in_at END)
       AND ((TG_OP = 'UPDATE' AND OLD.checked_in_at IS NOT NULL)
            OR f.status <> 'scheduled' OR f.held_on <> lingong_china_today()) THEN
        RAISE EXCEPTION 'checked in once, on the fair''s day'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'fair_signups_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER fair_signups_check BEFORE INSERT OR UPDATE ON fair_signups
    FOR EACH ROW EXECUTE FUNCTION fair_signups_check();

-- The live boards of the fair's market (and of the areas containing it) learn of its booths, its
-- employers arriving and its check-ins, on its day. The trigger's argument names the row's column
-- holding the fair (PL/pgSQL resolves every field it names, so the column cannot be chosen by CASE).
CREATE FUNCTION job_fairs_board_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM board_announce(m.city_adcode, m.district_adcode, m.id)
       FROM job_fairs f JOIN markets m ON m.id = f.market_id
      WHERE f.id = (to_jsonb(NEW) ->> TG_ARGV[0])::bigint
        AND f.held_on = lingong_china_today();
    RETURN NULL;
END
$$;
CREATE TRIGGER job_fairs_board AFTER INSERT OR UPDATE OF booked, status, starts_at, ends_at, title ON job_fairs
    FOR EACH ROW EXECUTE FUNCTION job_fairs_board_change('id');
CREATE TRIGGER fair_booths_board AFTER UPDATE OF present_at ON fair_booths
    FOR EACH ROW EXECUTE FUNCTION job_fairs_board_change('fair_id');
CREATE TRIGGER fair_signups_board AFTER INSERT OR UPDATE OF checked_in_at ON fair_signups
    FOR EACH ROW EXECUTE FUNCTION job_fairs_board_change('fair_id');

-- Employers hear of their booths; workers of a cancelled fair they signed up for.
ALTER TABLE notifications ADD COLUMN fair_id bigint REFERENCES job_fairs (id) ON DELETE CASCADE;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected', 'bus_cancelled',
    'help_offered', 'help_referral', 'course_decided', 'course_cancelled', 'course_completed',
    'course_graduate', 'booth_decided', 'fair_cancelled'));
