-- Graded help for workers who find work hard (困难零工帮扶, issue 23): with the worker's consent, district
-- staff keep a case — why help is needed, follow-ups (calls, visits, referrals), the outcome — and the
-- places the worker gets while it is open count as placements. Sensitive personal information (PIPL):
-- the fewest fields, consent with its time and way, every read and change audited by the application,
-- and the case goes with the worker's account (ON DELETE CASCADE) or when they withdraw consent.
CREATE TABLE help_cases (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id        bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    -- Where the case is kept: who may read it.
    city_adcode      integer NOT NULL REFERENCES cities (adcode),
    district_adcode  integer NOT NULL REFERENCES districts (adcode),
    reasons          text[] NOT NULL,
    status           text NOT NULL DEFAULT 'awaiting_consent'
                     CHECK (status IN ('awaiting_consent', 'open', 'closed')),
    -- In person (a signed form at the counter) or online (the worker's own tap in their account).
    consent_method   text NOT NULL CHECK (consent_method IN ('in_person', 'online')),
    consent_at       timestamptz,
    outcome          text CHECK (outcome IN ('placed', 'self_employed', 'no_longer_needed', 'moved_away', 'other')),
    opened_by        bigint REFERENCES accounts (id) ON DELETE SET NULL,
    closed_by        bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    closed_at        timestamptz,
    CONSTRAINT help_cases_reasons CHECK (
        reasons <> '{}' AND reasons <@ ARRAY['long_wait', 'low_income', 'disability', 'older_age']),
    CONSTRAINT help_cases_consented CHECK ((status = 'awaiting_consent') = (consent_at IS NULL)),
    CONSTRAINT help_cases_closed CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL)),
    CONSTRAINT help_cases_district CHECK (district_adcode / 100 * 100 = city_adcode)
);
-- One case at a time: a worker helped again later gets a new one.
CREATE UNIQUE INDEX help_cases_one_current ON help_cases (worker_id) WHERE status <> 'closed';
CREATE INDEX help_cases_area_idx ON help_cases (city_adcode, district_adcode, status);
CREATE TRIGGER help_cases_touch BEFORE UPDATE ON help_cases FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A case's life: opened awaiting the worker's consent (online) or open with it (in person); awaiting →
-- open by the worker's consent, online; open → closed with an outcome. Closed is final; its worker,
-- place and consent never change. A case is deleted, not declined: refusing or withdrawing consent
-- leaves nothing behind.
CREATE FUNCTION help_cases_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT ((NEW.status = 'awaiting_consent' AND NEW.consent_method = 'online')
                OR (NEW.status = 'open' AND NEW.consent_method = 'in_person')) THEN
            RAISE EXCEPTION 'a case opens awaiting consent online, or open with consent given in person'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'help_cases_life';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.worker_id, NEW.city_adcode, NEW.district_adcode, NEW.consent_method, NEW.created_at)
       IS DISTINCT FROM (OLD.worker_id, OLD.city_adcode, OLD.district_adcode, OLD.consent_method, OLD.created_at)
       OR (OLD.consent_at IS NOT NULL AND NEW.consent_at IS DISTINCT FROM OLD.consent_at) THEN
        RAISE EXCEPTION 'a case keeps its worker, its place and its consent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'help_cases_life';
    END IF;
    moved := CASE
        WHEN NEW.status = OLD.status THEN OLD.status <> 'closed'
        WHEN OLD.status = 'awaiting_consent' THEN NEW.status = 'open'
        WHEN OLD.status = 'open' THEN NEW.status = 'closed'
        ELSE false
    END;
    IF NOT moved THEN
        RAISE EXCEPTION 'a case goes from awaiting consent to open to closed, and stays closed'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'help_cases_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER help_cases_check BEFORE INSERT OR UPDATE ON help_cases
    FOR EACH ROW EXECUTE FUNCTION help_cases_check();

-- What staff did for the worker: a call, a visit, a referral (to a posting, by its number, or to a fair
-- or a course, named in the note), or a note. Only while the case is open.
CREATE TABLE help_followups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES help_cases (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('call', 'visit', 'referral', 'note')),
    posting_id  bigint REFERENCES postings (id) ON DELETE SET NULL,
    note        text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
    created_by  bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT help_followups_said CHECK (kind = 'referral' OR char_length(note) >= 2)
);
CREATE INDEX help_followups_case_idx ON help_followups (case_id, id);

CREATE FUNCTION help_followups_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.case_id, NEW.kind, NEW.note, NEW.created_at)
                            IS DISTINCT FROM (OLD.case_id, OLD.kind, OLD.note, OLD.created_at) THEN
        RAISE EXCEPTION 'a follow-up is not rewritten'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'help_followups_life';
    END IF;
    IF TG_OP = 'INSERT' AND NOT EXISTS (SELECT 1 FROM help_cases WHERE id = NEW.case_id AND status = 'open') THEN
        RAISE EXCEPTION 'follow-ups are kept on open cases'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'help_followups_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER help_followups_check BEFORE INSERT OR UPDATE ON help_followups
    FOR EACH ROW EXECUTE FUNCTION help_followups_check();

-- The worker is asked in their notifications; staff are told of the answer on the case itself.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected', 'bus_cancelled',
    'help_offered', 'help_referral'));
