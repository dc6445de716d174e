-- 找人才: workers who choose to be findable, verified organisations that look for them, and the
-- invitations to apply those organisations send, which the worker decides.
--
-- Being findable is the worker's consent, off by default. Every decision is kept (when, and which
-- wording of the consent the worker saw), and the consent is the only way in: `workers.findable`
-- follows the latest decision and cannot be set by anything else.

ALTER TABLE workers ADD COLUMN findable boolean NOT NULL DEFAULT false;
-- Since when the worker is findable without interruption (NULL while not findable).
ALTER TABLE workers ADD COLUMN findable_since timestamptz;
ALTER TABLE workers ADD CONSTRAINT workers_findable_since_whole CHECK (findable = (findable_since IS NOT NULL));

-- Every decision a worker made about being findable (同意被用人单位查找), oldest first.
CREATE TABLE talent_consents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    findable    boolean NOT NULL,
    -- Which text of the consent the worker was shown (the page's `TALENT_CONSENT_WORDING`).
    wording     text NOT NULL CHECK (wording ~ '^[a-z0-9-]{1,40}$'),
    lang        text NOT NULL CHECK (lang IN ('zh', 'en')),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX talent_consents_worker_idx ON talent_consents (worker_id, id);

CREATE FUNCTION talent_consents_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE workers
       SET findable = NEW.findable,
           findable_since = CASE WHEN NOT NEW.findable THEN NULL
                                 WHEN findable THEN findable_since
                                 ELSE NEW.created_at END
     WHERE id = NEW.worker_id;
    RETURN NULL;
END $$;
CREATE TRIGGER talent_consents_apply AFTER INSERT ON talent_consents
    FOR EACH ROW EXECUTE FUNCTION talent_consents_apply();

-- A decision, once recorded, is history.
CREATE FUNCTION talent_consents_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a recorded consent does not change'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_consents_fixed';
END $$;
CREATE TRIGGER talent_consents_fixed BEFORE UPDATE ON talent_consents
    FOR EACH ROW EXECUTE FUNCTION talent_consents_fixed();

-- Only a recorded decision (the trigger above, one level down) changes whether a worker is findable.
CREATE FUNCTION workers_findable_by_consent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.findable IS DISTINCT FROM OLD.findable OR NEW.findable_since IS DISTINCT FROM OLD.findable_since)
       AND pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'being findable is the worker''s recorded consent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'workers_findable_by_consent';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER workers_findable_by_consent BEFORE UPDATE OF findable, findable_since ON workers
    FOR EACH ROW EXECUTE FUNCTION workers_findable_by_consent();
CREATE FUNCTION workers_findable_at_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.findable OR NEW.findable_since IS NOT NULL THEN
        RAISE EXCEPTION 'being findable is the worker''s recorded consent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'workers_findable_by_consent';
    END IF;
    RETURN NEW;
END $$;
-- Only rows that claim it call the function: bulk loads of workers pay nothing.
CREATE TRIGGER workers_findable_at_insert BEFORE INSERT ON workers
    FOR EACH ROW WHEN (NEW.findable OR NEW.findable_since IS NOT NULL)
    EXECUTE FUNCTION workers_findable_at_insert();

-- The talent search walks the findable newest first, by home area.
CREATE INDEX workers_findable_idx ON workers (findable_since DESC, id DESC) WHERE findable;
CREATE INDEX workers_findable_area_idx ON workers (home_city_adcode, home_district_adcode) WHERE findable;
CREATE INDEX worker_trades_trade_idx ON worker_trades (trade_code, worker_id);
-- A worker's latest decided places, for the attendance a search may ask for.
CREATE INDEX applications_worker_decided_idx ON applications (worker_id, updated_at DESC)
    WHERE status IN ('attended', 'no_show');

-- An organisation's invitation to a findable worker to apply to one of its open postings (邀请报名):
-- pending until the worker accepts (and so applies) or declines, or the organisation withdraws it.
-- One per posting and worker, ever: a worker who said no is not asked again for the same gig.
CREATE TABLE talent_invitations (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    employer_id     bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    posting_id      bigint NOT NULL REFERENCES postings (id) ON DELETE CASCADE,
    worker_id       bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    invited_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    note            text NOT NULL DEFAULT '' CHECK (char_length(note) <= 200),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn')),
    -- The application accepting made (or the one the worker already had).
    application_id  bigint REFERENCES applications (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    CONSTRAINT talent_invitations_decided_whole CHECK ((status = 'pending') = (decided_at IS NULL)),
    CONSTRAINT talent_invitations_once UNIQUE (posting_id, worker_id)
);
CREATE INDEX talent_invitations_worker_idx ON talent_invitations (worker_id, id DESC);
CREATE INDEX talent_invitations_employer_idx ON talent_invitations (employer_id, id DESC);

-- Sent only to a worker findable at that moment (the worker's row is read under a share lock, so a
-- consent withdrawn at the same time is either before, and refuses this, or after), for an open posting
-- of the inviting organisation, by an organisation staff have verified.
CREATE FUNCTION talent_invitations_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM workers WHERE id = NEW.worker_id AND findable FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'only a findable worker can be invited'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_findable';
    END IF;
    PERFORM 1 FROM postings WHERE id = NEW.posting_id AND employer_id = NEW.employer_id AND status = 'open'
                               AND end_date >= lingong_china_today();
    IF NOT FOUND THEN
        RAISE EXCEPTION 'invitations are to an open posting of the organisation'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_posting_open';
    END IF;
    PERFORM 1 FROM employers WHERE id = NEW.employer_id AND verification_status = 'verified';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'only a verified organisation looks for talent'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_verified';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER talent_invitations_sent BEFORE INSERT ON talent_invitations
    FOR EACH ROW EXECUTE FUNCTION talent_invitations_sent();

CREATE FUNCTION talent_invitations_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.employer_id IS DISTINCT FROM OLD.employer_id OR NEW.posting_id IS DISTINCT FROM OLD.posting_id
       OR NEW.worker_id IS DISTINCT FROM OLD.worker_id OR NEW.note IS DISTINCT FROM OLD.note
       OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'an invitation does not change'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_fixed';
    END IF;
    IF OLD.status <> 'pending' AND (NEW.status IS DISTINCT FROM OLD.status
                                    OR NEW.decided_at IS DISTINCT FROM OLD.decided_at) THEN
        RAISE EXCEPTION 'an invitation is decided once'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_decided_once';
    END IF;
    IF NEW.status = 'accepted' AND NEW.application_id IS NULL AND OLD.application_id IS NULL
       AND OLD.status = 'pending' THEN
        RAISE EXCEPTION 'accepting an invitation applies'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'talent_invitations_accepted_applies';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER talent_invitations_check BEFORE UPDATE ON talent_invitations
    FOR EACH ROW EXECUTE FUNCTION talent_invitations_check();

ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'new_applicant', 'application_withdrawn', 'accepted', 'rejected', 'attendance_recorded',
    'posting_changed', 'posting_cancelled', 'alert_match', 'place_confirmed', 'place_released',
    'place_cancelled', 'hours_corrected', 'payment_recorded', 'payment_answered', 'wage_case',
    'place_message', 'no_show_appealed', 'no_show_upheld', 'no_show_rejected', 'bus_cancelled',
    'help_offered', 'help_referral', 'course_decided', 'course_cancelled', 'course_completed',
    'course_graduate', 'booth_decided', 'fair_cancelled', 'talent_invited', 'talent_answered'));
