-- 携带物品: what a worker brings to the shift (ID card, health certificate, work shoes …), written by the
-- employer, shown on the posting and to the workers given a place. One line of plain text.
ALTER TABLE postings
    ADD COLUMN bring text NOT NULL DEFAULT '' CHECK (char_length(bring) <= 200);
