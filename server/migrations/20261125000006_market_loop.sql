-- The market loop: employers post and manage gigs, workers apply, both sides are notified, saved
-- searches alert workers, and anyone can report a posting to the staff of its area.
--
-- The database is the last line for every rule below: the server checks first and explains, but a
-- concurrent request, a second server instance or a hand-edited row still cannot break them.

-- Postings ---------------------------------------------------------------------------------------------------

ALTER TABLE postings
    -- How applicants get in touch: through the platform only, or also by phone once accepted.
    ADD COLUMN contact_preference text NOT NULL DEFAULT 'platform'
        CHECK (contact_preference IN ('platform', 'phone')),
    -- The posting this one was copied from (重新发布), for the employer's history.
    ADD COLUMN reposted_from bigint REFERENCES postings (id) ON DELETE SET NULL,
    -- When it first left draft: search's "newest" and the recommendation's recency use it.
    ADD COLUMN published_at timestamptz,
    -- Bumped on every change an applicant should hear about; the notifications carry it.
    ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision > 0);
UPDATE postings SET published_at = created_at WHERE status <> 'draft';
CREATE FUNCTION postings_stamp_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status <> 'draft' AND NEW.published_at IS NULL THEN
        NEW.published_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER postings_stamp_published BEFORE INSERT OR UPDATE OF status ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_stamp_published();
ALTER TABLE postings
    ADD CONSTRAINT postings_published_unless_draft CHECK ((status = 'draft') OR published_at IS NOT NULL);
-- "Filled" follows the places, whatever changed them: an acceptance, a withdrawal, an employer raising or
-- lowering the headcount, or resuming a paused posting whose places are all taken.
CREATE FUNCTION postings_keep_filled_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'open' AND NEW.filled >= NEW.headcount THEN
        NEW.status := 'filled';
    ELSIF NEW.status = 'filled' AND NEW.filled < NEW.headcount THEN
        NEW.status := 'open';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER postings_filled_status BEFORE INSERT OR UPDATE OF status, headcount, filled ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_keep_filled_status();

CREATE INDEX postings_employer_status_idx ON postings (employer_id, status, updated_at DESC);

-- Applications -----------------------------------------------------------------------------------------------

ALTER TABLE applications
    -- The employer's optional reason for a rejection, shown to the worker.
    ADD COLUMN decision_reason text CHECK (char_length(decision_reason) BETWEEN 1 AND 200),
    ADD COLUMN decided_at timestamptz,
    ADD CONSTRAINT applications_reason_only_on_rejection
        CHECK (decision_reason IS NULL OR status = 'rejected');
CREATE INDEX applications_posting_idx ON applications (posting_id, status, created_at);

-- A worker applies only to a posting that is open and not over; re-applying after a withdrawal is a new
-- pending application on the same row.
CREATE FUNCTION applications_check_posting_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p record;
BEGIN
    SELECT status, end_date INTO p FROM postings WHERE id = NEW.posting_id;
    IF p.status IS DISTINCT FROM 'open' OR p.end_date < (now() AT TIME ZONE 'Asia/Shanghai')::date THEN
        RAISE EXCEPTION 'posting % is not open for applications', NEW.posting_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_posting_open';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER applications_posting_open
    BEFORE INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_check_posting_open();

-- The life of an application. Anything not listed is refused, whoever asks:
--   pending   → accepted | rejected | withdrawn
--   accepted  → attended | no_show | withdrawn | rejected (the employer cancels a place)
--   withdrawn → pending  (applying again, only while the posting is open)
--   rejected, attended, no_show: final.
CREATE FUNCTION applications_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF NOT (
           (OLD.status = 'pending' AND NEW.status IN ('accepted', 'rejected', 'withdrawn'))
        OR (OLD.status = 'accepted' AND NEW.status IN ('attended', 'no_show', 'withdrawn', 'rejected'))
        OR (OLD.status = 'withdrawn' AND NEW.status = 'pending')
    ) THEN
        RAISE EXCEPTION 'an application cannot go from % to %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_transition';
    END IF;
    IF OLD.status = 'withdrawn' THEN
        PERFORM applications_check_posting_open_for(NEW.posting_id);
    END IF;
    IF NEW.status IN ('accepted', 'rejected') THEN
        NEW.decided_at := now();
    END IF;
    IF NEW.status <> 'rejected' THEN
        NEW.decision_reason := NULL;
    END IF;
    RETURN NEW;
END
$$;

CREATE FUNCTION applications_check_posting_open_for(posting bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM postings
         WHERE id = posting AND status = 'open'
           AND end_date >= (now() AT TIME ZONE 'Asia/Shanghai')::date
    ) THEN
        RAISE EXCEPTION 'posting % is not open for applications', posting
            USING ERRCODE = 'check_violation', CONSTRAINT = 'applications_posting_open';
    END IF;
END
$$;

CREATE TRIGGER applications_transition
    BEFORE UPDATE OF status ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_check_transition();

-- Notifications ----------------------------------------------------------------------------------------------

-- The in-app feed of both sides. Kept here so nothing is lost while a person is offline; each insert is
-- announced on the `lingong_events` channel so every server instance can push it to open pages.
CREATE TABLE notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN (
                        'new_applicant', 'application_withdrawn', 'accepted', 'rejected',
                        'attendance_recorded', 'posting_changed', 'posting_cancelled', 'alert_match')),
    posting_id      bigint REFERENCES postings (id) ON DELETE CASCADE,
    application_id  bigint REFERENCES applications (id) ON DELETE CASCADE,
    -- What the text needs besides the kind (the posting's title at the time, a reason): never markup.
    title           text NOT NULL DEFAULT '' CHECK (char_length(title) <= 60),
    detail          text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 200),
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);
CREATE INDEX notifications_account_idx ON notifications (account_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (account_id) WHERE read_at IS NULL;

CREATE FUNCTION notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Payload: "notification:<account>:<id>". NOTIFY is delivered on commit, so a listener never hears of
    -- a row it cannot read yet.
    PERFORM pg_notify('lingong_events', 'notification:' || NEW.account_id || ':' || NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_announce
    AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION notifications_announce();

-- Saved searches (职位订阅): a worker is told when a new posting matches. The filters are stored as
-- columns, not as a URL, so that one statement can match a new posting against all of them.
CREATE TABLE saved_searches (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id         bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    label             text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 60),
    keyword           text CHECK (char_length(keyword) BETWEEN 1 AND 30),
    -- A trade or a whole sector.
    trade_code        text REFERENCES trades (code) ON DELETE CASCADE,
    city_adcode       integer REFERENCES cities (adcode),
    district_adcode   integer REFERENCES districts (adcode),
    centre            geometry(Point, 4326) CHECK (in_service_area(centre)),
    radius_m          integer CHECK (radius_m BETWEEN 500 AND 200000),
    min_pay_cents     integer CHECK (min_pay_cents > 0),
    min_pay_unit      text CHECK (min_pay_unit IN ('hour', 'day', 'month', 'piece')),
    max_shift_minutes smallint CHECK (max_shift_minutes BETWEEN 30 AND 1440),
    tags              text[] NOT NULL DEFAULT '{}'
                      CHECK (tags <@ ARRAY['older_friendly', 'disabled_friendly', 'fisher', 'parent_flexible']::text[]),
    -- The query string of the search page, to open the same search again.
    search_url        text NOT NULL CHECK (char_length(search_url) <= 1000 AND search_url LIKE '/?%'),
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((centre IS NULL) = (radius_m IS NULL)),
    CHECK ((min_pay_cents IS NULL) = (min_pay_unit IS NULL))
);
CREATE INDEX saved_searches_worker_idx ON saved_searches (worker_id);

-- At most ten a worker: the alerts stay readable, and matching a new posting stays cheap.
CREATE FUNCTION saved_searches_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('saved_searches'), NEW.worker_id::int);
    IF (SELECT count(*) FROM saved_searches WHERE worker_id = NEW.worker_id) >= 10 THEN
        RAISE EXCEPTION 'a worker keeps at most 10 saved searches'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'saved_searches_limit';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER saved_searches_limit BEFORE INSERT ON saved_searches
    FOR EACH ROW EXECUTE FUNCTION saved_searches_limit();

-- Reports (举报) -----------------------------------------------------------------------------------------------

CREATE TABLE posting_reports (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting_id     bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    -- NULL when the person was not signed in: anyone may report.
    reporter_id    bigint REFERENCES accounts (id) ON DELETE SET NULL,
    reason         text NOT NULL CHECK (reason IN ('fake', 'unpaid_wages', 'discrimination', 'unsafe', 'other')),
    details        text NOT NULL DEFAULT '' CHECK (char_length(details) <= 500),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    handled_by     bigint REFERENCES accounts (id) ON DELETE SET NULL,
    handled_at     timestamptz,
    handling_note  text CHECK (char_length(handling_note) BETWEEN 1 AND 200),
    created_at     timestamptz NOT NULL DEFAULT now(),
    ip             inet,
    CHECK ((status = 'open') = (handled_at IS NULL)),
    CHECK (reason <> 'other' OR char_length(details) >= 2)
);
CREATE INDEX posting_reports_open_idx ON posting_reports (created_at DESC) WHERE status = 'open';
CREATE INDEX posting_reports_posting_idx ON posting_reports (posting_id);

-- Anonymous reports count against the sender's address like sign-in attempts do.
ALTER TABLE auth_events DROP CONSTRAINT auth_events_kind_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_kind_check
    CHECK (kind IN ('code_sent', 'code_failed', 'password_failed', 'report_filed'));
