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
CREATE INDEX outbox_status ON outbox (status, next_attempt_at);

-- Insert-only: a message queued under a key (e.g. reminder/examiner/day) is queued once.
CREATE TABLE outbox_key (
    key        VARCHAR PRIMARY KEY,
    outbox_id  BIGINT NOT NULL
);

CREATE TABLE cycle_mail_setting (
    cycle          INTEGER PRIMARY KEY,
    reminder_days  INTEGER[] NOT NULL DEFAULT [7, 2]
);

CREATE TABLE invitation (
    token_hash  VARCHAR PRIMARY KEY,          -- hex SHA-256 of the token; the token itself is only mailed
    username    VARCHAR NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP
);
CREATE INDEX invitation_username ON invitation (username);
