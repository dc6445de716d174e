-- Partners push postings to the platform (JSON Lines, /api/v1/import/postings.jsonl) with ids of
-- their own. A key may push only when an admin said so when making it; like the rest of a key, that
-- never changes.

ALTER TABLE api_keys ADD COLUMN may_import boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION api_keys_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.partner IS DISTINCT FROM OLD.partner OR NEW.prefix IS DISTINCT FROM OLD.prefix
       OR NEW.secret_sha256 IS DISTINCT FROM OLD.secret_sha256 OR NEW.per_minute IS DISTINCT FROM OLD.per_minute
       OR NEW.may_import IS DISTINCT FROM OLD.may_import
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

-- A partner's posting, by the partner's own id, and the posting it is here. The partner is named as
-- on its keys, so that a new key for the same partner carries on with the same ids.
-- `origin`: this line made the posting, and the partner's later versions of it change it. Otherwise
-- the partner's gig was recognised as one already here (the same organisation, trade, place within
-- 500 m and dates — from another partner or posted on the site), and is only linked to it.
CREATE TABLE partner_postings (
    partner         text NOT NULL CHECK (char_length(partner) BETWEEN 2 AND 80),
    external_id     text NOT NULL CHECK (char_length(external_id) BETWEEN 1 AND 100
                                         AND external_id !~ '[[:cntrl:][:space:]]'),
    posting_id      bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    origin          boolean NOT NULL,
    -- Of the partner's last version: the same line again changes nothing, not even a timestamp.
    content_sha256  bytea NOT NULL CHECK (octet_length(content_sha256) = 32),
    imported_at     timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner, external_id)
);
-- A posting is made by one line at most; many partners may carry it.
CREATE UNIQUE INDEX partner_postings_origin_idx ON partner_postings (posting_id) WHERE origin;
CREATE INDEX partner_postings_posting_idx ON partner_postings (posting_id, partner);
CREATE TRIGGER partner_postings_touch BEFORE UPDATE ON partner_postings
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A partner's id is the partner's: the line it came with keeps pointing at the same posting.
CREATE FUNCTION partner_postings_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.posting_id IS DISTINCT FROM OLD.posting_id OR NEW.origin IS DISTINCT FROM OLD.origin THEN
        RAISE EXCEPTION 'a partner''s posting stays the posting it became'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'partner_postings_fixed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER partner_postings_check BEFORE UPDATE ON partner_postings
    FOR EACH ROW EXECUTE FUNCTION partner_postings_check();
