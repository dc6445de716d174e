-- A licence is decided once (pending → verified or rejected); only a new number sends it back to staff.
--
-- The server decides only a licence still waiting, under a row lock, but the database accepted any
-- status over any other: verified straight to rejected (or back) by a script or a future code path
-- would have skipped staff's check and its audit. The rule now lives with the data. The trigger is
-- named to run after `employers_hr_licence_review` (BEFORE triggers run in name order), so it sees
-- the reset a changed number makes and lets it through.
CREATE FUNCTION employers_hr_licence_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.hr_licence_no IS DISTINCT FROM OLD.hr_licence_no
       OR (OLD.hr_licence_status = 'pending' AND NEW.hr_licence_status IN ('verified', 'rejected')) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a licence is decided once, from pending (% to %)',
        OLD.hr_licence_status, NEW.hr_licence_status
        USING ERRCODE = 'check_violation', CONSTRAINT = 'employers_hr_licence_decided_once';
END $$;
CREATE TRIGGER employers_hr_licence_transition BEFORE UPDATE ON employers
    FOR EACH ROW WHEN (OLD.hr_licence_status IS DISTINCT FROM NEW.hr_licence_status)
    EXECUTE FUNCTION employers_hr_licence_transition();
