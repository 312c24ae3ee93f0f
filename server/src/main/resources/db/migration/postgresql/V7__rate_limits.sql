-- Rate-limit counters, shared by every node on this database: a limit holds for the cluster,
-- not per process. One row per (project, limit, subject) counts the events of the current window,
-- which starts at the first event it counts and ends at window_ends_at; the row is reset by the
-- first event after that. Every write is one conditional INSERT ... ON CONFLICT DO UPDATE, so
-- concurrent nodes never lose a count (PostgreSQL locks the row, SQLite has one writer).
--
-- subject is the SHA-256 (hex) of what is counted (an email address, a phone number, a client
-- address, a token's first characters, a member), never the value itself: this table must not
-- become a list of addresses and tokens. The project budget's subject is empty.
CREATE TABLE rate_limit_counters (
  project_id      TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  limit_name      TEXT NOT NULL,
  subject         TEXT NOT NULL,
  hits            BIGINT NOT NULL,
  window_ends_at  BIGINT NOT NULL,
  PRIMARY KEY (project_id, limit_name, subject)
);
-- Rows of finished windows mean nothing; a node deletes them now and then by window end.
CREATE INDEX rate_limit_counters_by_window_end ON rate_limit_counters (window_ends_at);
