-- Human-resources service agencies (人力资源服务机构): an organisation that holds a licence
-- (人力资源服务许可证) says its number; staff of its area check it against the licensing authority's
-- register and verify or reject it. A verified agency has a public storefront (零工旗舰店) and may post
-- for a client employer, named on the posting.

ALTER TABLE employers ADD COLUMN hr_licence_no text CHECK (char_length(hr_licence_no) BETWEEN 6 AND 40);
ALTER TABLE employers ADD COLUMN hr_licence_status text CHECK (hr_licence_status IN ('pending', 'verified', 'rejected'));
ALTER TABLE employers ADD COLUMN hr_licence_decided_at timestamptz;
ALTER TABLE employers ADD COLUMN hr_licence_rejection text CHECK (char_length(hr_licence_rejection) BETWEEN 1 AND 200);
ALTER TABLE employers ADD CONSTRAINT employers_hr_licence_whole CHECK (
    (hr_licence_no IS NULL) = (hr_licence_status IS NULL)
    AND coalesce(hr_licence_status IN ('verified', 'rejected'), false) = (hr_licence_decided_at IS NOT NULL)
    AND coalesce(hr_licence_status = 'rejected', false) = (hr_licence_rejection IS NOT NULL));
-- One organisation per licence.
CREATE UNIQUE INDEX employers_hr_licence_idx ON employers (hr_licence_no) WHERE hr_licence_no IS NOT NULL;
CREATE INDEX employers_hr_licence_pending_idx ON employers (city_adcode) WHERE hr_licence_status = 'pending';

-- A licence number given or changed goes (back) to staff; taken away, nothing is left of it.
CREATE FUNCTION employers_hr_licence_review() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.hr_licence_no IS DISTINCT FROM OLD.hr_licence_no THEN
        IF NEW.hr_licence_no IS NULL THEN
            NEW.hr_licence_status := NULL;
        ELSE
            NEW.hr_licence_status := 'pending';
        END IF;
        NEW.hr_licence_decided_at := NULL;
        NEW.hr_licence_rejection := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER employers_hr_licence_review BEFORE INSERT OR UPDATE OF hr_licence_no ON employers
    FOR EACH ROW EXECUTE FUNCTION employers_hr_licence_review();

-- The client an agency posts for (用工单位): its name and credit code, on the posting.
ALTER TABLE postings ADD COLUMN client_name text CHECK (char_length(client_name) BETWEEN 2 AND 100);
ALTER TABLE postings ADD COLUMN client_credit_code text
    CHECK (client_credit_code IS NULL OR is_valid_credit_code(client_credit_code));
ALTER TABLE postings ADD CONSTRAINT postings_client_whole CHECK ((client_name IS NULL) = (client_credit_code IS NULL));

-- Only an agency whose licence staff verified names a client (when the posting is made, or its client
-- changed).
CREATE FUNCTION postings_client_by_agency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.client_name IS NOT NULL
       AND (TG_OP = 'INSERT' OR NEW.client_name IS DISTINCT FROM OLD.client_name
            OR NEW.client_credit_code IS DISTINCT FROM OLD.client_credit_code) THEN
        PERFORM 1 FROM employers WHERE id = NEW.employer_id AND hr_licence_status = 'verified';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'only a verified human-resources agency posts for a client'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'postings_client_by_agency';
        END IF;
    END IF;
    RETURN NEW;
END $$;
-- Only postings naming a client call the function: bulk loads and partners' pushes pay nothing.
CREATE TRIGGER postings_client_by_agency BEFORE INSERT OR UPDATE OF client_name, client_credit_code ON postings
    FOR EACH ROW WHEN (NEW.client_name IS NOT NULL) EXECUTE FUNCTION postings_client_by_agency();
