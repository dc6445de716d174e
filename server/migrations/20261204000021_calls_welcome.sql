-- 欢迎来电: an employer may welcome calls before applying. Signed-in workers then get a one-tap call button
-- on the posting's page; the number is given out one posting at a time, counted per account
-- ('contact_shown'), so the organisation's phone is not a list a script can harvest.

ALTER TABLE postings DROP CONSTRAINT postings_contact_preference_check;
ALTER TABLE postings ADD CONSTRAINT postings_contact_preference_check
    CHECK (contact_preference IN ('platform', 'phone', 'calls'));

ALTER TABLE auth_events DROP CONSTRAINT auth_events_kind_check;
ALTER TABLE auth_events ADD CONSTRAINT auth_events_kind_check
    CHECK (kind IN ('code_sent', 'code_failed', 'password_failed', 'report_filed', 'contact_shown'));
