-- 收藏 and 关注: a worker keeps postings to come back to, and follows organisations whose gigs they want to
-- see first. Both are a worker's own lists; the postings and organisations know nothing of them.

CREATE TABLE favourite_postings (
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    posting_id  bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    saved_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, posting_id)
);
-- Deleting a posting finds its rows without a scan.
CREATE INDEX favourite_postings_posting_idx ON favourite_postings (posting_id);

CREATE TABLE followed_employers (
    worker_id    bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    followed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, employer_id)
);
CREATE INDEX followed_employers_employer_idx ON followed_employers (employer_id);

-- Bounded lists: a page a person can read, and no table a script can fill. Serialised per worker by an
-- advisory lock, so two taps at the limit cannot both pass the count (tested under concurrency).
CREATE FUNCTION worker_list_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    most integer := TG_ARGV[0]::integer;
    held bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_NAME), NEW.worker_id::int);
    EXECUTE format('SELECT count(*) FROM %I WHERE worker_id = $1', TG_TABLE_NAME) INTO held USING NEW.worker_id;
    IF held >= most THEN
        RAISE EXCEPTION 'a worker keeps at most % rows in %', most, TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_limit';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER favourite_postings_limit BEFORE INSERT ON favourite_postings
    FOR EACH ROW EXECUTE FUNCTION worker_list_limit(200);
CREATE TRIGGER followed_employers_limit BEFORE INSERT ON followed_employers
    FOR EACH ROW EXECUTE FUNCTION worker_list_limit(100);
