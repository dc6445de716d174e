-- Partners' keys to the public read API (/api/v1). The secret is shown once, when an admin creates
-- the key; only its SHA-256 is kept, with a short prefix that tells keys apart in lists and logs.
-- A key lives once: active, then revoked for good — the database refuses to bring it back or to
-- change what it is.

CREATE TABLE api_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner       text NOT NULL CHECK (char_length(btrim(partner)) BETWEEN 2 AND 80 AND partner = btrim(partner)),
    prefix        text NOT NULL UNIQUE CHECK (prefix ~ '^lg_[0-9a-f]{8}$'),
    secret_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(secret_sha256) = 32),
    -- Requests a minute on each instance; the anonymous limit is the deployment's.
    per_minute    integer NOT NULL CHECK (per_minute BETWEEN 1 AND 100000),
    created_by    bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_by    bigint REFERENCES accounts (id),
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    CONSTRAINT api_keys_revoked_whole CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

CREATE FUNCTION api_keys_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.partner IS DISTINCT FROM OLD.partner OR NEW.prefix IS DISTINCT FROM OLD.prefix
       OR NEW.secret_sha256 IS DISTINCT FROM OLD.secret_sha256 OR NEW.per_minute IS DISTINCT FROM OLD.per_minute
       OR NEW.created_by IS DISTINCT FROM OLD.created_by OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'an API key does not change; revoke it and create another'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'api_keys_fixed';
    END IF;
    IF OLD.revoked_at IS NOT NULL AND (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
                                       OR NEW.revoked_by IS DISTINCT FROM OLD.revoked_by) THEN
        RAISE EXCEPTION 'a revoked API key stays revoked'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'api_keys_revoked_for_good';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER api_keys_check BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION api_keys_check();
