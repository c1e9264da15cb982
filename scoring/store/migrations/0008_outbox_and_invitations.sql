-- E-mail: a durable outbox written in the same transaction as the event that causes each message,
-- per-cycle reminder days, and one-time invitation links (only the SHA-256 of a token is stored).

CREATE SEQUENCE outbox_id START 1;
CREATE TABLE outbox (
    id               BIGINT PRIMARY KEY DEFAULT nextval('outbox_id'),
    created_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor            VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    recipient        VARCHAR,                 -- account username; NULL for the award's mailbox
    to_address       VARCHAR,                 -- resolved when queued; a resend resolves it again
    subject          VARCHAR NOT NULL,
    body_text        VARCHAR NOT NULL,
    body_html        VARCHAR NOT NULL,
    message_id       VARCHAR NOT NULL,        -- stable Message-ID, stored before any attempt
    status           VARCHAR NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    last_attempt_at  TIMESTAMP,
    sent_at          TIMESTAMP,
    server_answer    VARCHAR NOT NULL DEFAULT ''
);

-- Insert-only: a message queued under a key (e.g. reminder/examiner/day) is queued once.
CREATE TABLE outbox_key (
    key        VARCHAR PRIMARY KEY,
    outbox_id  BIGINT NOT NULL
);

CREATE TABLE cycle_mail_setting (
    cycle          INTEGER PRIMARY KEY,
    reminder_days  INTEGER[] NOT NULL DEFAULT [7, 2]
);

-- An invitation's token is made when its e-mail is sent (so it exists only in the sent message); only its
-- SHA-256 is stored. Re-inviting revokes the earlier ones; a token is used once and expires after 72 h.
CREATE SEQUENCE invitation_id START 1;
CREATE TABLE invitation (
    id          BIGINT PRIMARY KEY DEFAULT nextval('invitation_id'),
    username    VARCHAR NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    outbox_id   BIGINT,
    token_hash  VARCHAR,                      -- hex SHA-256; NULL until the e-mail is sent
    expires_at  TIMESTAMP,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP
);
