-- Text messages for what a worker must not miss (issue 22): accepted, the place cancelled or taken back,
-- the shift changed or called off, and a reminder the evening before.

-- The language a person reads texts in (the site's language they last chose), and whether they want
-- texts about their shifts at all.
ALTER TABLE accounts
    ADD COLUMN lang text NOT NULL DEFAULT 'zh' CHECK (lang IN ('zh', 'en')),
    ADD COLUMN shift_texts boolean NOT NULL DEFAULT true;

-- Their own outbox: the alerts' one is tuned for batches of tens of thousands written under the alerts'
-- lock, which a single acceptance must not wait for. Sent by the same job, the same way (row locks,
-- SKIP LOCKED), never before `send_after` (a text written in the quiet hours waits for the morning).
CREATE TABLE shift_text_outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 300),
    created_at  timestamptz NOT NULL DEFAULT now(),
    send_after  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    smallint NOT NULL DEFAULT 0
);
CREATE INDEX shift_text_outbox_unsent_idx ON shift_text_outbox (send_after, id) WHERE sent_at IS NULL;
CREATE INDEX shift_text_outbox_account_idx ON shift_text_outbox (account_id);

-- When a text written at `at` may go: at once from 07:00 to 21:00 China time, else at the next 07:00 —
-- unless the shift it is about (`shift_starts`) begins before then: that is told at once.
CREATE FUNCTION lingong_text_send_after(at timestamptz, shift_starts timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE
        WHEN (at AT TIME ZONE 'Asia/Shanghai')::time BETWEEN time '07:00' AND time '21:00' THEN at
        WHEN shift_starts < ((((at AT TIME ZONE 'Asia/Shanghai') - interval '7 hours')::date + 1 + time '07:00')
                             AT TIME ZONE 'Asia/Shanghai') THEN at
        ELSE (((at AT TIME ZONE 'Asia/Shanghai') - interval '7 hours')::date + 1 + time '07:00')
                 AT TIME ZONE 'Asia/Shanghai'
    END;

-- The evening-before reminder, once per place: the key is what makes it once, across instances and
-- restarts.
CREATE TABLE shift_reminders (
    application_id  bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    sent_for        date NOT NULL,
    written_at      timestamptz NOT NULL DEFAULT now()
);
