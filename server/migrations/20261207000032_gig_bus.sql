-- 零工巴士 (issue 23): staff of a market publish a run from the market to a work site (the
-- postings it serves say whose), with seats; workers reserve a seat, which can never be over-booked, the same
-- way a posting's places cannot; staff board them from a list at the door of the bus.
CREATE TABLE bus_runs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    market_id       integer NOT NULL REFERENCES markets (id) ON DELETE CASCADE,
    departs_at      timestamptz NOT NULL,
    -- Where it goes: the site's name and address, as riders read it.
    destination     text NOT NULL CHECK (char_length(destination) BETWEEN 2 AND 100),
    -- Where to get on (the market's gate, a car park …); empty means at the market.
    meeting_point   text NOT NULL DEFAULT '' CHECK (char_length(meeting_point) <= 100),
    seats           smallint NOT NULL CHECK (seats BETWEEN 1 AND 99),
    -- Seats reserved or boarded: kept by the seats' trigger, never more than the seats.
    taken           smallint NOT NULL DEFAULT 0,
    note            text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
    status          text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancel_reason   text CHECK (char_length(cancel_reason) BETWEEN 2 AND 200),
    created_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bus_runs_seats_taken CHECK (taken BETWEEN 0 AND seats),
    CONSTRAINT bus_runs_cancelled CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX bus_runs_market_idx ON bus_runs (market_id, departs_at);
CREATE TRIGGER bus_runs_touch BEFORE UPDATE ON bus_runs FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A run is published for a time to come; it moves only to another time to come; a cancelled run stays
-- cancelled.
CREATE FUNCTION bus_runs_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.departs_at <= now() OR NEW.status <> 'scheduled' OR NEW.taken <> 0 THEN
            RAISE EXCEPTION 'a run is published scheduled, empty and for a time to come'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'bus_runs_future';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'cancelled' AND (NEW.status, NEW.departs_at, NEW.seats) IS DISTINCT FROM (OLD.status, OLD.departs_at, OLD.seats) THEN
        RAISE EXCEPTION 'a cancelled run stays cancelled'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'bus_runs_final';
    END IF;
    IF NEW.departs_at IS DISTINCT FROM OLD.departs_at AND NEW.departs_at <= now() THEN
        RAISE EXCEPTION 'a run moves to a time to come'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'bus_runs_future';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER bus_runs_check BEFORE INSERT OR UPDATE ON bus_runs
    FOR EACH ROW EXECUTE FUNCTION bus_runs_check();

-- The postings a run serves: shown on the run and, on the posting's page, the run.
CREATE TABLE bus_run_postings (
    run_id      bigint NOT NULL REFERENCES bus_runs (id) ON DELETE CASCADE,
    posting_id  bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    PRIMARY KEY (run_id, posting_id)
);
CREATE INDEX bus_run_postings_posting_idx ON bus_run_postings (posting_id);

-- A worker's seat on a run: reserved, given up, or boarded (staff, at the door).
CREATE TABLE bus_seats (
    run_id       bigint NOT NULL REFERENCES bus_runs (id) ON DELETE CASCADE,
    worker_id    bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'cancelled', 'boarded')),
    reserved_at  timestamptz NOT NULL DEFAULT now(),
    changed_at   timestamptz NOT NULL DEFAULT now(),
    boarded_by   bigint REFERENCES accounts (id) ON DELETE SET NULL,
    PRIMARY KEY (run_id, worker_id)
);
CREATE INDEX bus_seats_worker_idx ON bus_seats (worker_id);

-- How long before and after departure staff may board people.
CREATE FUNCTION lingong_bus_boarding_opens(departs_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN departs_at - interval '1 hour';
CREATE FUNCTION lingong_bus_boarding_closes(departs_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN departs_at + interval '2 hours';

-- A seat's life: reserved ⇄ given up while the run is scheduled and has not left; reserved → boarded at
-- the door, in the boarding window. Boarded is final.
CREATE FUNCTION bus_seats_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    run bus_runs;
    allowed boolean;
BEGIN
    SELECT * INTO run FROM bus_runs WHERE id = NEW.run_id;
    IF TG_OP = 'UPDATE' AND (NEW.run_id, NEW.worker_id, NEW.reserved_at) IS DISTINCT FROM (OLD.run_id, OLD.worker_id, OLD.reserved_at) THEN
        RAISE EXCEPTION 'a seat is never moved'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'bus_seats_transition';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status = OLD.status THEN
        -- The SET NULL of a deleted boarding account, or nothing.
        RETURN NEW;
    END IF;
    -- (An IF's condition ends at its first THEN: the CASE is worked out first.)
    allowed := CASE
        WHEN TG_OP = 'INSERT' THEN
            NEW.status = 'reserved' AND run.status = 'scheduled' AND now() < run.departs_at
        WHEN OLD.status = 'cancelled' AND NEW.status = 'reserved' THEN
            run.status = 'scheduled' AND now() < run.departs_at
        WHEN OLD.status = 'reserved' AND NEW.status = 'cancelled' THEN
            now() < run.departs_at
        WHEN OLD.status = 'reserved' AND NEW.status = 'boarded' THEN
            run.status = 'scheduled'
            AND now() BETWEEN lingong_bus_boarding_opens(run.departs_at)
                          AND lingong_bus_boarding_closes(run.departs_at)
        ELSE false
    END;
    IF NOT allowed THEN
        RAISE EXCEPTION 'seat % → % not allowed now', CASE WHEN TG_OP = 'INSERT' THEN 'new' ELSE OLD.status END, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'bus_seats_transition';
    END IF;
    NEW.changed_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER bus_seats_check BEFORE INSERT OR UPDATE ON bus_seats
    FOR EACH ROW EXECUTE FUNCTION bus_seats_check();

-- The run's count of seats taken follows its seats; the run's CHECK refuses one too many.
CREATE FUNCTION bus_seats_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was boolean := TG_OP = 'UPDATE' AND OLD.status IN ('reserved', 'boarded');
    now_taken boolean := NEW.status IN ('reserved', 'boarded');
BEGIN
    IF now_taken AND NOT was THEN
        UPDATE bus_runs SET taken = taken + 1 WHERE id = NEW.run_id;
    ELSIF was AND NOT now_taken THEN
        UPDATE bus_runs SET taken = taken - 1 WHERE id = NEW.run_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER bus_seats_count AFTER INSERT OR UPDATE OF status ON bus_seats
    FOR EACH ROW EXECUTE FUNCTION bus_seats_count();

-- Riders hear of a cancelled run.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected', 'bus_cancelled'));

-- The live boards of the run's market (and of the areas containing it) learn of its seats, its time and
-- its cancellation.
CREATE FUNCTION bus_runs_board_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM board_announce(m.city_adcode, m.district_adcode, m.id) FROM markets m WHERE m.id = NEW.market_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER bus_runs_board
    AFTER INSERT OR UPDATE OF taken, seats, status, departs_at ON bus_runs
    FOR EACH ROW EXECUTE FUNCTION bus_runs_board_change();
