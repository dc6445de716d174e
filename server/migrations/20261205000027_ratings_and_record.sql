-- Ratings both ways after a worked shift, and the records that follow people (issue 22): stars and
-- fixed tags, revealed when both sides have rated or a week after the first; an appeal to staff, who
-- may take a rating out of the aggregates. The worker's attendance and the employer's paid-on-time rate
-- are computed from the places themselves.

CREATE TABLE place_ratings (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    -- The worker rating the employer, or the employer rating the worker.
    by_worker       boolean NOT NULL,
    stars           smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
    tags            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 4),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- The rated side's appeal (申诉), and the staff's answer: upheld takes the rating out of every
    -- aggregate; rejected leaves it.
    appeal_reason   text CHECK (char_length(appeal_reason) BETWEEN 2 AND 200),
    appealed_at     timestamptz,
    appeal_status   text CHECK (appeal_status IN ('open', 'upheld', 'rejected')),
    appeal_decided_by bigint REFERENCES accounts (id) ON DELETE SET NULL,
    PRIMARY KEY (application_id, by_worker),
    CONSTRAINT place_ratings_tags CHECK (
        CASE WHEN by_worker
             THEN tags <@ ARRAY['paid_on_time', 'as_described', 'respectful', 'safe']::text[]
             ELSE tags <@ ARRAY['punctual', 'diligent', 'skilled', 'cooperative']::text[] END),
    CONSTRAINT place_ratings_appeal CHECK ((appeal_status IS NULL) = (appealed_at IS NULL)
                                           AND (appeal_status IS NULL) = (appeal_reason IS NULL))
);
CREATE INDEX place_ratings_open_appeals_idx ON place_ratings (appealed_at) WHERE appeal_status = 'open';

-- When a rating is shown to the other side and counted: both have rated, or a week has passed.
CREATE FUNCTION lingong_rating_revealed(r place_ratings) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN r.created_at < now() - interval '7 days'
        OR EXISTS (SELECT 1 FROM place_ratings o
                    WHERE o.application_id = r.application_id AND o.by_worker <> r.by_worker);

-- A rating is for a place worked, given once and never changed; an appeal is made once and decided
-- once.
CREATE FUNCTION place_ratings_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM applications WHERE id = NEW.application_id AND status = 'attended') THEN
            RAISE EXCEPTION 'a rating is for a place worked'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'place_ratings_worked';
        END IF;
        IF NEW.appeal_status IS NOT NULL THEN
            RAISE EXCEPTION 'a rating starts without an appeal'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'place_ratings_once';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.application_id, NEW.by_worker, NEW.stars, NEW.tags, NEW.created_at)
           IS DISTINCT FROM (OLD.application_id, OLD.by_worker, OLD.stars, OLD.tags, OLD.created_at)
       OR NOT (   (OLD.appeal_status IS NULL AND NEW.appeal_status = 'open')
               OR (OLD.appeal_status = 'open' AND NEW.appeal_status IN ('upheld', 'rejected')
                   AND NEW.appeal_reason = OLD.appeal_reason AND NEW.appealed_at = OLD.appealed_at)) THEN
        RAISE EXCEPTION 'a rating is never changed; its appeal is made once and decided once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'place_ratings_once';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER place_ratings_check
    BEFORE INSERT OR UPDATE ON place_ratings
    FOR EACH ROW EXECUTE FUNCTION place_ratings_check();

-- The timeline learns ratings and appeals.
ALTER TABLE application_events DROP CONSTRAINT application_events_kind_check;
ALTER TABLE application_events ADD CONSTRAINT application_events_kind_check CHECK (kind IN (
    'applied', 'accepted', 'rejected', 'withdrawn', 'attended', 'no_show', 'released', 'confirmed',
    'cancelled', 'checked_in', 'checked_out', 'hours_corrected', 'payment_recorded',
    'payment_confirmed', 'payment_disputed', 'case_opened', 'case_upheld', 'case_settled',
    'case_dismissed', 'rated_by_worker', 'rated_by_employer'));

CREATE FUNCTION place_ratings_record_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO application_events (application_id, kind)
    VALUES (NEW.application_id, CASE WHEN NEW.by_worker THEN 'rated_by_worker' ELSE 'rated_by_employer' END);
    RETURN NULL;
END
$$;
CREATE TRIGGER place_ratings_events
    AFTER INSERT ON place_ratings
    FOR EACH ROW EXECUTE FUNCTION place_ratings_record_event();
