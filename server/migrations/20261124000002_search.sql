-- Search for job seekers: Chinese keywords, and pay compared across units.
--
-- No Chinese tokenizer is packaged for Debian's PostgreSQL, and pg_trgm cannot index two-character words
-- (帮厨) under most locales. A title is therefore indexed by its characters and character pairs: a keyword
-- can only be in a title whose grams contain all of the keyword's grams, which a GIN index answers; the
-- LIKE that follows confirms the order.

CREATE FUNCTION lingong_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g), '{}')
      FROM (
            SELECT lower(substr(t, i, 1)) AS g FROM generate_series(1, char_length(t)) AS i
            UNION ALL
            SELECT lower(substr(t, i, 2)) FROM generate_series(1, char_length(t) - 1) AS i
           ) grams
     WHERE g !~ '\s'
$$;

ALTER TABLE postings ADD COLUMN title_grams text[] GENERATED ALWAYS AS (lingong_grams(title)) STORED;
CREATE INDEX postings_title_grams_idx ON postings USING gin (title_grams) WHERE status = 'open';

-- What a day of work pays, for "highest pay first" across units: an hourly rate times the shift, a monthly
-- wage over 22 working days. Piece rates cannot be compared and sort last.
ALTER TABLE postings ADD COLUMN day_pay_cents integer GENERATED ALWAYS AS (
    CASE pay_unit
        WHEN 'day' THEN pay_cents
        WHEN 'hour' THEN (pay_cents::bigint * shift_minutes / 60)::integer
        WHEN 'month' THEN pay_cents / 22
    END
) STORED;
