-- Accounts and access: who may sign in, how, and what each kind of account may touch.
--
-- One account per mobile number. Sessions, one-time codes and the counters behind the rate limits live
-- here rather than in a server's memory, so any number of server instances share them.

-- Employers gain a district (so that district staff can verify the employers of their district) and the
-- reason staff gave when they refused one.
ALTER TABLE employers
    ADD COLUMN district_adcode integer REFERENCES districts (adcode),
    ADD COLUMN rejection_reason text CHECK (char_length(rejection_reason) BETWEEN 1 AND 200),
    ADD CONSTRAINT employers_district_in_city
        CHECK (district_adcode IS NULL OR district_adcode / 100 = city_adcode / 100),
    -- A refusal always says why, and only a refusal carries a reason.
    ADD CONSTRAINT employers_rejection_has_reason
        CHECK ((verification_status = 'rejected') = (rejection_reason IS NOT NULL));

-- What a worker told us about when they can work, for matching.
ALTER TABLE workers
    ADD COLUMN availability text[] NOT NULL DEFAULT '{}'
        CHECK (availability <@ ARRAY['weekdays', 'weekends', 'mornings', 'afternoons', 'evenings', 'nights']::text[]),
    -- Set when staff registered the worker at a market's counter (现场登记); the person claims the
    -- profile later by signing in with the same phone.
    ADD COLUMN registered_at_market_id integer REFERENCES markets (id);

CREATE TABLE accounts (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone                  text NOT NULL UNIQUE CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    role                   text NOT NULL CHECK (role IN ('worker', 'employer', 'staff', 'admin')),
    -- A worker account owns exactly one worker profile; deleting the profile deletes the account.
    worker_id              bigint UNIQUE REFERENCES workers (id) ON DELETE CASCADE,
    -- An employer account belongs to at most one organisation (none until it registers one).
    employer_id            bigint REFERENCES employers (id) ON DELETE SET NULL,
    -- Staff act within one scope: a market or station, a district, a city, or the whole province.
    scope_kind             text CHECK (scope_kind IN ('market', 'district', 'city', 'province')),
    scope_market_id        integer REFERENCES markets (id),
    scope_district_adcode  integer REFERENCES districts (adcode),
    scope_city_adcode      integer REFERENCES cities (adcode),
    display_name           text NOT NULL DEFAULT '' CHECK (char_length(display_name) <= 40),
    -- Optional second way in for employers and staff; PHC string of Argon2id.
    password_hash          text CHECK (password_hash LIKE '$argon2id$%'),
    status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    suspended_reason       text CHECK (char_length(suspended_reason) BETWEEN 1 AND 200),
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    last_login_at          timestamptz,
    CHECK ((role = 'worker') = (worker_id IS NOT NULL)),
    CHECK (role = 'employer' OR employer_id IS NULL),
    CHECK (role <> 'worker' OR password_hash IS NULL),
    CHECK ((role = 'staff') = (scope_kind IS NOT NULL)),
    CHECK ((scope_kind IS NOT DISTINCT FROM 'market') = (scope_market_id IS NOT NULL)),
    CHECK ((scope_kind IS NOT DISTINCT FROM 'district') = (scope_district_adcode IS NOT NULL)),
    CHECK ((scope_kind IS NOT DISTINCT FROM 'city') = (scope_city_adcode IS NOT NULL)),
    CHECK ((status = 'suspended') = (suspended_reason IS NOT NULL))
);
CREATE INDEX accounts_employer_idx ON accounts (employer_id) WHERE employer_id IS NOT NULL;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A worker account and its profile share one phone number: the number is how the person signs in and how
-- staff found them at the counter.
CREATE FUNCTION accounts_worker_phone_matches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.worker_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM workers WHERE id = NEW.worker_id AND phone = NEW.phone) THEN
        RAISE EXCEPTION 'a worker account must carry its profile''s phone number'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'accounts_worker_phone';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_worker_phone BEFORE INSERT OR UPDATE OF phone, worker_id ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_worker_phone_matches();

-- Signed-in browsers. Only a hash of the cookie's token is stored, so a copy of this table lets nobody in.
CREATE TABLE sessions (
    token_hash    bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    -- Absolute expiry; the idle limit is checked against last_seen_at.
    expires_at    timestamptz NOT NULL,
    idle_seconds  integer NOT NULL CHECK (idle_seconds > 0),
    user_agent    text NOT NULL DEFAULT '' CHECK (char_length(user_agent) <= 300),
    ip            inet,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- One-time sign-in codes sent by SMS. Only a hash of the code is kept; a code dies when used, when it
-- expires, or after too many wrong guesses.
CREATE TABLE login_codes (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone        text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    code_hash    bytea NOT NULL CHECK (octet_length(code_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    attempts     smallint NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 100),
    consumed_at  timestamptz,
    ip           inet,
    CHECK (expires_at > created_at)
);
CREATE INDEX login_codes_phone_idx ON login_codes (phone, created_at DESC);

-- What the rate limits count: codes sent, wrong codes, wrong passwords; by phone and by address.
CREATE TABLE auth_events (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    kind   text NOT NULL CHECK (kind IN ('code_sent', 'code_failed', 'password_failed')),
    phone  text,
    ip     inet
);
CREATE INDEX auth_events_phone_idx ON auth_events (phone, kind, at) WHERE phone IS NOT NULL;
CREATE INDEX auth_events_ip_idx ON auth_events (ip, kind, at) WHERE ip IS NOT NULL;
CREATE INDEX auth_events_at_idx ON auth_events (at);

-- Refusals are logged too (who tried what on which row), so staff can see probing.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check;
ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_kind_check
        CHECK (actor_kind IN ('system', 'anonymous', 'worker', 'employer', 'staff', 'admin')),
    ADD COLUMN outcome text NOT NULL DEFAULT 'done' CHECK (outcome IN ('done', 'refused'));
ALTER TABLE audit_log DROP CONSTRAINT audit_log_check;
ALTER TABLE audit_log
    ADD CONSTRAINT audit_log_actor_present CHECK ((actor_kind IN ('system', 'anonymous')) = (actor_id IS NULL));
CREATE INDEX audit_log_actor_idx ON audit_log (actor_kind, actor_id, at DESC);
