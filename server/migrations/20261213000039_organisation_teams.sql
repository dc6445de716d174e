-- Organisation teams (单位成员): an organisation's accounts are its owners and members. Owners invite
-- colleagues by phone number and remove them; members manage the postings and applicants as owners do.
-- The database keeps the roles whole, keeps an owner in every organisation that has accounts, and lets
-- an invitation be decided once.

ALTER TABLE accounts ADD COLUMN team_role text CHECK (team_role IN ('owner', 'member'));
-- When the account joined its organisation by invitation (its registration, otherwise).
ALTER TABLE accounts ADD COLUMN joined_team_at timestamptz;
-- Until now an organisation's accounts were those that registered it.
UPDATE accounts SET team_role = 'owner' WHERE employer_id IS NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_team_role_whole CHECK ((employer_id IS NULL) = (team_role IS NULL));

-- Registering an organisation makes its account the owner; leaving one leaves no role behind.
CREATE FUNCTION accounts_team_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.employer_id IS NULL THEN
        NEW.team_role := NULL;
    ELSIF NEW.team_role IS NULL THEN
        NEW.team_role := 'owner';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER accounts_team_role BEFORE INSERT OR UPDATE OF employer_id, team_role ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_team_role();

-- An organisation keeps an owner: the last one can neither go nor become a member (another is made
-- owner first). The organisation's row is locked first, so that two owners removing each other at once
-- are taken one after the other and the second finds itself the last.
CREATE FUNCTION accounts_keep_an_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.team_role = 'owner' AND (NEW.employer_id IS DISTINCT FROM OLD.employer_id
                                    OR NEW.team_role IS DISTINCT FROM 'owner') THEN
        PERFORM 1 FROM employers WHERE id = OLD.employer_id FOR UPDATE;
        -- An organisation being deleted takes its accounts' membership with it.
        IF FOUND AND NOT EXISTS (SELECT 1 FROM accounts WHERE employer_id = OLD.employer_id AND team_role = 'owner') THEN
            RAISE EXCEPTION 'an organisation keeps an owner'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'team_keeps_an_owner';
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER accounts_keep_an_owner AFTER UPDATE OF employer_id, team_role ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_keep_an_owner();

-- An invitation to join an organisation, to a phone number: pending until the invitee accepts or
-- declines it or an owner withdraws it, then decided for good.
CREATE TABLE team_invitations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    phone        text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    role         text NOT NULL CHECK (role IN ('owner', 'member')),
    invited_by   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    decided_by   bigint REFERENCES accounts (id) ON DELETE SET NULL,
    decided_at   timestamptz,
    CONSTRAINT team_invitations_decided_whole CHECK ((status = 'pending') = (decided_at IS NULL))
);
-- One open invitation per organisation and number: inviting again is answered "already invited".
CREATE UNIQUE INDEX team_invitations_pending_idx ON team_invitations (employer_id, phone) WHERE status = 'pending';
CREATE INDEX team_invitations_phone_idx ON team_invitations (phone) WHERE status = 'pending';

CREATE FUNCTION team_invitations_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.employer_id IS DISTINCT FROM OLD.employer_id OR NEW.phone IS DISTINCT FROM OLD.phone
       OR NEW.role IS DISTINCT FROM OLD.role OR NEW.invited_by IS DISTINCT FROM OLD.invited_by
       OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'an invitation does not change; withdraw it and invite again'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_invitations_fixed';
    END IF;
    IF OLD.status <> 'pending' AND (NEW.status IS DISTINCT FROM OLD.status
                                    OR NEW.decided_at IS DISTINCT FROM OLD.decided_at) THEN
        RAISE EXCEPTION 'an invitation is decided once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'team_invitations_decided_once';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER team_invitations_check BEFORE UPDATE ON team_invitations
    FOR EACH ROW EXECUTE FUNCTION team_invitations_check();
