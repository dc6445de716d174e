-- Schema v1 of Lingong (零工市场).
--
-- Every rule the product relies on is also a rule here, so that a bug in one code path, a hand-edited row
-- or a bulk load cannot put the market into a state the application would have refused.
-- Coordinates are WGS-84 (SRID 4326) everywhere; data from Chinese map vendors (GCJ-02) is converted before
-- it reaches these tables.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Shared helpers ------------------------------------------------------------------------------------------

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- A point is "in the service area" when it lies in the box around Jiangsu with a margin for the
-- neighbouring provinces' border towns. The real province outline is used for display only: a posting a few
-- hundred metres across the border (a common case in 昆山/花桥) must not be rejected.
CREATE FUNCTION in_service_area(p geometry) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_SRID(p) = 4326
       AND ST_GeometryType(p) = 'ST_Point'
       AND ST_X(p) BETWEEN 115.5 AND 122.5
       AND ST_Y(p) BETWEEN 30.5 AND 35.5
$$;

-- 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet without I, O, Z, S, V;
-- the last one is a check character over the first 17 with weights 3^i mod 31.
CREATE FUNCTION is_valid_credit_code(code text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    alphabet constant text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
    weights constant int[] := ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    total int := 0;
    pos int;
BEGIN
    IF code IS NULL OR code !~ '^[0-9A-HJ-NPQRTUWXY]{18}$' THEN
        RETURN false;
    END IF;
    FOR i IN 1..17 LOOP
        pos := strpos(alphabet, substr(code, i, 1)) - 1;
        total := total + pos * weights[i];
    END LOOP;
    RETURN substr(alphabet, (31 - total % 31) % 31 + 1, 1) = substr(code, 18, 1);
END
$$;

-- Geography -----------------------------------------------------------------------------------------------

-- Prefecture-level cities (地级市) with the human-resources service hotline (12333) that workers call
-- about unpaid wages and other rights questions.
CREATE TABLE cities (
    adcode          integer PRIMARY KEY CHECK (adcode BETWEEN 110000 AND 829999 AND adcode % 100 = 0),
    name            text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 2 AND 20),
    area_code       text NOT NULL CHECK (area_code ~ '^0[0-9]{2,3}$'),
    labour_hotline  text NOT NULL CHECK (labour_hotline ~ '^0[0-9]{2,3}-[0-9]{5,8}$'),
    -- The rights-protection office's street address; filled in by city staff (NULL until they do).
    rights_office_address text CHECK (char_length(rights_office_address) <= 200),
    centre          geometry(Point, 4326) NOT NULL CHECK (in_service_area(centre))
);

-- County-level divisions (区/县/县级市).
CREATE TABLE districts (
    adcode       integer PRIMARY KEY CHECK (adcode BETWEEN 110000 AND 829999 AND adcode % 100 <> 0),
    city_adcode  integer NOT NULL REFERENCES cities (adcode),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 20),
    centre       geometry(Point, 4326) NOT NULL CHECK (in_service_area(centre)),
    UNIQUE (city_adcode, name),
    -- A district's code starts with its city's four digits.
    CHECK (adcode / 100 = city_adcode / 100)
);

-- Physical gig markets (零工市场) and stations (零工驿站).
CREATE TABLE markets (
    id                    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                  text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
    name                  text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 2 AND 60),
    kind                  text NOT NULL CHECK (kind IN ('province', 'city', 'district', 'station', 'specialised')),
    -- Only specialised markets serve one sector or group.
    specialty             text CHECK (specialty IN ('construction', 'household', 'disabled', 'fishermen')),
    city_adcode           integer NOT NULL REFERENCES cities (adcode),
    district_adcode       integer REFERENCES districts (adcode),
    address               text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 200),
    location              geometry(Point, 4326) NOT NULL CHECK (in_service_area(location)),
    -- True while the location is only known to district or street level (demo and seed data).
    location_approximate  boolean NOT NULL DEFAULT true,
    opening_hours         text CHECK (char_length(opening_hours) <= 200),
    services              text[] NOT NULL DEFAULT '{}',
    amenities             text[] NOT NULL DEFAULT '{}',
    phone                 text CHECK (phone ~ '^(0[0-9]{2,3}-[0-9]{7,8}|1[3-9][0-9]{9}|12333)$'),
    description           text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'specialised') = (specialty IS NOT NULL)),
    CHECK (district_adcode IS NULL OR district_adcode / 100 = city_adcode / 100)
);
CREATE INDEX markets_location_idx ON markets USING gist (location);
CREATE TRIGGER markets_touch BEFORE UPDATE ON markets FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Trades (工种) -------------------------------------------------------------------------------------------

-- The trade taxonomy: sectors at the top level, trades below them. Synonyms and pinyin initials let a
-- worker find 帮厨 by typing 切配 or "bc" on a phone keyboard.
CREATE TABLE trades (
    code             text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    parent_code      text REFERENCES trades (code),
    name             text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 20),
    name_en          text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 60),
    pinyin_initials  text NOT NULL CHECK (pinyin_initials ~ '^[a-z]{1,20}$'),
    synonyms         text[] NOT NULL DEFAULT '{}',
    sort_order       integer NOT NULL DEFAULT 0,
    CHECK (parent_code IS DISTINCT FROM code)
);

-- People and organisations --------------------------------------------------------------------------------

-- Employers (用人单位), identified by their unified social credit code and verified by staff.
CREATE TABLE employers (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    credit_code          text NOT NULL UNIQUE CHECK (is_valid_credit_code(credit_code)),
    name                 text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
    city_adcode          integer NOT NULL REFERENCES cities (adcode),
    address              text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
    contact_name         text NOT NULL DEFAULT '' CHECK (char_length(contact_name) <= 40),
    contact_phone        text CHECK (contact_phone ~ '^1[3-9][0-9]{9}$'),
    verification_status  text NOT NULL DEFAULT 'pending'
                         CHECK (verification_status IN ('pending', 'verified', 'rejected')),
    verified_at          timestamptz,
    is_demo              boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK ((verification_status = 'verified') = (verified_at IS NOT NULL))
);
CREATE TRIGGER employers_touch BEFORE UPDATE ON employers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Job seekers (求职者/零工), registered with a mainland mobile number.
CREATE TABLE workers (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone                text NOT NULL UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    name                 text NOT NULL DEFAULT '' CHECK (char_length(name) <= 40),
    birth_year           smallint CHECK (birth_year BETWEEN 1930 AND 2012),
    home_city_adcode     integer REFERENCES cities (adcode),
    home_district_adcode integer REFERENCES districts (adcode),
    home_location        geometry(Point, 4326) CHECK (in_service_area(home_location)),
    -- Special groups the worker chose to be matched for (大龄, 残疾, 退捕渔民, 宝妈宝爸).
    tags                 text[] NOT NULL DEFAULT '{}'
                         CHECK (tags <@ ARRAY['older', 'disabled', 'fisher', 'parent']::text[]),
    expected_pay_cents   integer CHECK (expected_pay_cents > 0),
    expected_pay_unit    text CHECK (expected_pay_unit IN ('hour', 'day', 'month', 'piece')),
    is_demo              boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK ((expected_pay_cents IS NULL) = (expected_pay_unit IS NULL))
);
CREATE TRIGGER workers_touch BEFORE UPDATE ON workers FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- The trades a worker can do.
CREATE TABLE worker_trades (
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    trade_code  text NOT NULL REFERENCES trades (code),
    PRIMARY KEY (worker_id, trade_code)
);

-- The market itself ----------------------------------------------------------------------------------------

-- Gig postings (零工岗位).
CREATE TABLE postings (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id      bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    trade_code       text NOT NULL REFERENCES trades (code),
    -- The market or station the posting was published through, if any.
    market_id        integer REFERENCES markets (id),
    title            text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    description      text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    requirements     text NOT NULL DEFAULT '' CHECK (char_length(requirements) <= 1000),
    address          text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 200),
    location         geometry(Point, 4326) NOT NULL CHECK (in_service_area(location)),
    -- Stored on insert so that filtering by city never needs a point-in-polygon test per row.
    city_adcode      integer NOT NULL REFERENCES cities (adcode),
    district_adcode  integer REFERENCES districts (adcode),
    pay_cents        integer NOT NULL CHECK (pay_cents BETWEEN 100 AND 10000000),
    pay_unit         text NOT NULL CHECK (pay_unit IN ('hour', 'day', 'month', 'piece')),
    start_date       date NOT NULL,
    end_date         date NOT NULL,
    -- Working time per day in minutes, in half hours ("4小时/天" = 240).
    shift_minutes    smallint NOT NULL CHECK (shift_minutes BETWEEN 30 AND 1440 AND shift_minutes % 30 = 0),
    headcount        smallint NOT NULL CHECK (headcount BETWEEN 1 AND 999),
    -- Maintained by the applications trigger below; the CHECK is what makes over-filling impossible.
    filled           smallint NOT NULL DEFAULT 0,
    status           text NOT NULL DEFAULT 'open'
                     CHECK (status IN ('draft', 'open', 'paused', 'filled', 'closed')),
    tags             text[] NOT NULL DEFAULT '{}'
                     CHECK (tags <@ ARRAY['older_friendly', 'disabled_friendly', 'fisher', 'parent_flexible']::text[]),
    is_demo          boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date >= start_date),
    CHECK (end_date - start_date <= 366),
    CHECK (filled BETWEEN 0 AND headcount),
    CHECK (district_adcode IS NULL OR district_adcode / 100 = city_adcode / 100)
);
CREATE INDEX postings_location_idx ON postings USING gist (location);
-- "What is open on a given day", newest first: the home page and most searches start here.
CREATE INDEX postings_open_dates_idx ON postings (start_date, end_date, id DESC) WHERE status = 'open';
CREATE INDEX postings_trade_idx ON postings (trade_code, start_date) WHERE status = 'open';
CREATE INDEX postings_employer_idx ON postings (employer_id);
CREATE INDEX postings_city_idx ON postings (city_adcode, start_date) WHERE status = 'open';
CREATE TRIGGER postings_touch BEFORE UPDATE ON postings FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A worker's application (报名) to a posting.
CREATE TABLE applications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    posting_id  bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    status      text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'attended', 'no_show')),
    message     text NOT NULL DEFAULT '' CHECK (char_length(message) <= 200),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (posting_id, worker_id)
);
CREATE INDEX applications_worker_idx ON applications (worker_id, created_at DESC);
CREATE TRIGGER applications_touch BEFORE UPDATE ON applications FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Keeps postings.filled equal to the number of applications holding a place. Running inside the statement
-- that changes the application, the UPDATE below takes the posting's row lock, so two concurrent
-- acceptances are serialised and the CHECK (filled <= headcount) refuses the one that does not fit.
CREATE FUNCTION applications_maintain_filled() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_holds boolean := TG_OP <> 'INSERT' AND OLD.status IN ('accepted', 'attended', 'no_show');
    new_holds boolean := TG_OP <> 'DELETE' AND NEW.status IN ('accepted', 'attended', 'no_show');
    delta int := new_holds::int - old_holds::int;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.posting_id <> NEW.posting_id THEN
        RAISE EXCEPTION 'an application cannot move to another posting' USING ERRCODE = 'check_violation';
    END IF;
    IF delta <> 0 THEN
        UPDATE postings
           SET filled = filled + delta,
               status = CASE
                   WHEN filled + delta = headcount AND status = 'open' THEN 'filled'
                   WHEN filled + delta < headcount AND status = 'filled' THEN 'open'
                   ELSE status
               END
         WHERE id = COALESCE(NEW.posting_id, OLD.posting_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER applications_filled
    AFTER INSERT OR UPDATE OF status OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_maintain_filled();

-- Accountability -------------------------------------------------------------------------------------------

-- Who did what, when, with the row before and after: every staff action lands here.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    actor_kind    text NOT NULL CHECK (actor_kind IN ('system', 'worker', 'employer', 'staff', 'admin')),
    actor_id      bigint,
    action        text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 60),
    subject_table text NOT NULL CHECK (char_length(subject_table) BETWEEN 1 AND 60),
    subject_id    bigint,
    before        jsonb,
    after         jsonb,
    CHECK ((actor_kind = 'system') = (actor_id IS NULL))
);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_table, subject_id, at DESC);

-- Demo data bookkeeping: lets the generator be re-run without duplicating anything.
CREATE TABLE demo_loads (
    id          integer PRIMARY KEY CHECK (id = 1),
    seed        bigint NOT NULL,
    postings    integer NOT NULL CHECK (postings >= 0),
    workers     integer NOT NULL CHECK (workers >= 0),
    anchor_date date NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
