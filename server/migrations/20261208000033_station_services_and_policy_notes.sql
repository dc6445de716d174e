-- Station services and policy notes (issue 23): a market's services (服务项目) and amenities (便民设施)
-- become a fixed vocabulary, so the map can show them as signs and a seeker can ask for a station with
-- legal aid or lodging; staff edit them (audited). City staff publish policy notes (政策咨询) in Markdown,
-- shown on their city's market pages.

-- The vocabularies. The labels live with the application (both languages); the database keeps the codes.
CREATE FUNCTION lingong_market_services() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY['job_referral', 'career_guidance', 'policy_advice', 'employment_registration',
                 'skills_training', 'rights_protection', 'legal_aid', 'dispute_mediation',
                 'on_site_hiring', 'employment_assistance', 'labour_cooperation'];
CREATE FUNCTION lingong_market_amenities() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY['drinking_water', 'charging', 'first_aid', 'rest_area', 'lunch', 'lodging', 'toilet',
                 'accessible', 'training_room'];

-- The free text the seed and the first deployments wrote, read the way a person would read it. A term
-- nobody can place is dropped, after the audit log has kept the market's old lists.
CREATE FUNCTION pg_temp.service_code(term text) RETURNS text LANGUAGE sql IMMUTABLE RETURN CASE
    WHEN term = ANY (lingong_market_services()) THEN term
    WHEN term LIKE '%法律%' THEN 'legal_aid'
    WHEN term LIKE '%调解%' OR term LIKE '%仲裁%' THEN 'dispute_mediation'
    WHEN term LIKE '%维权%' OR term LIKE '%权益%' THEN 'rights_protection'
    WHEN term LIKE '%培训%' THEN 'skills_training'
    WHEN term LIKE '%指导%' THEN 'career_guidance'
    WHEN term LIKE '%政策%' THEN 'policy_advice'
    WHEN term LIKE '%登记%' THEN 'employment_registration'
    WHEN term LIKE '%帮扶%' OR term LIKE '%援助%' OR term LIKE '%辅助%' THEN 'employment_assistance'
    WHEN term LIKE '%协作%' THEN 'labour_cooperation'
    WHEN term LIKE '%现场招聘%' THEN 'on_site_hiring'
    WHEN term LIKE '%岗位%' OR term LIKE '%介绍%' OR term LIKE '%招聘%' THEN 'job_referral'
END;
CREATE FUNCTION pg_temp.amenity_code(term text) RETURNS text LANGUAGE sql IMMUTABLE RETURN CASE
    WHEN term = ANY (lingong_market_amenities()) THEN term
    WHEN term LIKE '%无障碍%' THEN 'accessible'
    WHEN term LIKE '%水%' THEN 'drinking_water'
    WHEN term LIKE '%充电%' THEN 'charging'
    WHEN term LIKE '%急救%' OR term LIKE '%药%' THEN 'first_aid'
    WHEN term LIKE '%休息%' THEN 'rest_area'
    WHEN term LIKE '%餐%' OR term LIKE '%饭%' THEN 'lunch'
    WHEN term LIKE '%住宿%' OR term LIKE '%宿%' THEN 'lodging'
    WHEN term LIKE '%卫生间%' OR term LIKE '%厕所%' THEN 'toilet'
    WHEN term LIKE '%培训%' OR term LIKE '%教室%' THEN 'training_room'
END;

INSERT INTO audit_log (actor_kind, action, subject_table, subject_id, before, after, outcome)
SELECT 'system', 'map_market_services', 'markets', id,
       jsonb_build_object('services', services, 'amenities', amenities), NULL, 'done'
  FROM markets
 WHERE services <> '{}' OR amenities <> '{}';

-- In the vocabulary's order, each once.
UPDATE markets SET
    services = ARRAY(SELECT code FROM unnest(lingong_market_services()) WITH ORDINALITY AS v (code, n)
                      WHERE code IN (SELECT pg_temp.service_code(s) FROM unnest(markets.services) AS s)
                      ORDER BY n),
    amenities = ARRAY(SELECT code FROM unnest(lingong_market_amenities()) WITH ORDINALITY AS v (code, n)
                       WHERE code IN (SELECT pg_temp.amenity_code(a) FROM unnest(markets.amenities) AS a)
                       ORDER BY n);

ALTER TABLE markets
    ADD CONSTRAINT markets_services_known CHECK (services <@ lingong_market_services()),
    ADD CONSTRAINT markets_amenities_known CHECK (amenities <@ lingong_market_amenities());

-- Policy notes (政策咨询) of a city: subsidies, social insurance for flexible workers, work-injury
-- prevention … The body is Markdown, kept as written; it is rendered (and sanitised) when read.
CREATE TABLE policy_notes (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city_adcode     integer NOT NULL REFERENCES cities (adcode),
    topic           text NOT NULL CHECK (topic IN ('subsidy', 'social_insurance', 'injury_prevention', 'training', 'other')),
    title           text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
    body            text NOT NULL CHECK (char_length(body) BETWEEN 2 AND 8000),
    status          text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
    created_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    updated_by      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    published_at    timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    withdrawn_at    timestamptz,
    CONSTRAINT policy_notes_withdrawn CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX policy_notes_city_idx ON policy_notes (city_adcode, published_at DESC) WHERE status = 'published';
CREATE TRIGGER policy_notes_touch BEFORE UPDATE ON policy_notes FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- A note is published, edited while published, and withdrawn once: a withdrawn note is history (the
-- audit log points at it) and is not rewritten; a new note takes its place. Its city never changes.
CREATE FUNCTION policy_notes_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'published' THEN
            RAISE EXCEPTION 'a note is published first'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'policy_notes_life';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'withdrawn'
       AND (NEW.status, NEW.topic, NEW.title, NEW.body, NEW.withdrawn_at)
           IS DISTINCT FROM (OLD.status, OLD.topic, OLD.title, OLD.body, OLD.withdrawn_at) THEN
        RAISE EXCEPTION 'a withdrawn note stays as it was'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'policy_notes_life';
    END IF;
    IF NEW.city_adcode <> OLD.city_adcode OR NEW.published_at <> OLD.published_at THEN
        RAISE EXCEPTION 'a note stays in its city and keeps its date'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'policy_notes_life';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER policy_notes_check BEFORE INSERT OR UPDATE ON policy_notes
    FOR EACH ROW EXECUTE FUNCTION policy_notes_check();
