-- The mail outbox: every email (and later SMS) a feature sends is written here in the caller's
-- transaction, then delivered by a background sender on any node. A message is claimed with a
-- lease (claim_token, claimed_until) by a conditional UPDATE, so nodes sharing one database
-- never send it twice concurrently, and a node that dies mid-send only delays it.
--
-- sealed_body holds subject, text and HTML encrypted with the master key (they carry magic-link
-- tokens and codes); production erases it once the message is sent or given up, dev mode keeps
-- it for the dev mailbox. seq orders messages by insertion, whatever the clock says.
CREATE TABLE mail_outbox (
  seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,
  project_id      TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('email', 'sms')),
  recipient       TEXT NOT NULL,
  sealed_body     BYTEA,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts        INTEGER NOT NULL,
  created_at      BIGINT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  claim_token     TEXT,
  claimed_until   BIGINT,
  sent_at         BIGINT,
  failed_at       BIGINT,
  last_error      TEXT
);

-- What the sender polls every second on every node: only rows still waiting.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
-- Retention purge of delivered and abandoned rows.
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);
