-- When a shift starts (上班时间) and when its pay is settled (结算方式 — 日结, 周结, 月结, 完工结): what a day
-- labourer asks right after the pay, so real fields of a posting, shown on every card and searched by.
--
-- Both stay empty for postings written before they were asked for: the database does not invent a
-- promise the employer never made. The posting form requires both from now on (`PostingForm::check`),
-- and a search for one leaves out the postings that do not say.

ALTER TABLE postings
    ADD COLUMN start_time time(0) CHECK (start_time IS NULL OR extract(second FROM start_time) = 0),
    ADD COLUMN pay_terms text CHECK (pay_terms IN ('daily', 'weekly', 'monthly', 'on_completion'));

-- Employers already wrote their terms into titles ("日结" appeared only there): take them at their word.
-- A title naming two terms says nothing certain, and is left alone.
UPDATE postings
   SET pay_terms = CASE
           WHEN title LIKE '%日结%' THEN 'daily'
           WHEN title LIKE '%周结%' THEN 'weekly'
           WHEN title LIKE '%月结%' THEN 'monthly'
           ELSE 'on_completion'
       END
 WHERE (title LIKE '%日结%')::int + (title LIKE '%周结%')::int + (title LIKE '%月结%')::int
       + (title LIKE '%完工结%')::int = 1;

-- The part of the day a shift starts in, as searches and saved searches name it; the same bounds as
-- `ShiftStart` in the app.
CREATE FUNCTION lingong_shift_start(t time) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
               WHEN t >= time '05:00' AND t < time '12:00' THEN 'morning'
               WHEN t >= time '12:00' AND t < time '18:00' THEN 'afternoon'
               ELSE 'evening'
           END
$$;

ALTER TABLE saved_searches
    ADD COLUMN pay_terms text CHECK (pay_terms IN ('daily', 'weekly', 'monthly', 'on_completion')),
    ADD COLUMN shift_start text CHECK (shift_start IN ('morning', 'afternoon', 'evening'));
