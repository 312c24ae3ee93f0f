-- Second factors: TOTP registrations with their recovery codes, one-time passcodes (SMS and
-- email), and the attempt counters that lock a member's factor after repeated failures.
--
-- Nothing here is readable in clear: a TOTP secret and a recovery code are sealed with the master
-- key (AES-GCM, bound to their row), because the server must read them back (to verify a TOTP
-- code, to show a member's recovery codes). Codes are also stored as keyed hashes (HMAC with a
-- key derived from the master key) so they can be looked up and compared; a six-digit OTP is
-- only ever stored that way, since an unkeyed hash of six digits is as good as clear text.

-- What the member row mirrors for the API: the active TOTP registration, and an MFA lock.
ALTER TABLE members ADD COLUMN totp_registration_id TEXT;
ALTER TABLE members ADD COLUMN lock_created_at BIGINT;
ALTER TABLE members ADD COLUMN lock_expires_at BIGINT;

-- A registration is 'pending' from create until its first successful code, then 'active'. A
-- pending one expires; a member has at most one active one.
CREATE TABLE totp_registrations (
  totp_registration_id TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT NOT NULL,
  member_id        TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'active')),
  sealed_secret    BLOB NOT NULL,
  -- The highest 30-second step whose code was accepted: no code is accepted twice.
  last_used_step   BIGINT,
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT,
  verified_at      BIGINT
);
CREATE UNIQUE INDEX totp_registrations_one_active ON totp_registrations (member_id) WHERE status = 'active';
CREATE INDEX totp_registrations_by_member ON totp_registrations (project_id, member_id);

-- Recovery codes belong to a TOTP registration and die with it. used_at is set once, by a
-- conditional UPDATE, so a code works once even under concurrent requests.
CREATE TABLE recovery_codes (
  recovery_code_id     TEXT PRIMARY KEY,
  project_id           TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  member_id            TEXT NOT NULL,
  totp_registration_id TEXT NOT NULL REFERENCES totp_registrations (totp_registration_id) ON DELETE CASCADE,
  position             INTEGER NOT NULL,
  code_hash            TEXT NOT NULL,
  sealed_code          BLOB NOT NULL,
  created_at           BIGINT NOT NULL,
  used_at              BIGINT
);
CREATE INDEX recovery_codes_by_registration ON recovery_codes (totp_registration_id, position);
CREATE INDEX recovery_codes_by_hash ON recovery_codes (member_id, code_hash);

-- One-time passcodes sent by SMS or email. Only the newest code of a member and kind is live:
-- sending another marks the older ones used. attempts counts wrong guesses at this code.
CREATE TABLE otp_codes (
  otp_id           TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT NOT NULL,
  member_id        TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('sms', 'email')),
  destination      TEXT NOT NULL,
  code_hash        TEXT NOT NULL,
  attempts         INTEGER NOT NULL,
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  used_at          BIGINT
);
CREATE INDEX otp_codes_by_member ON otp_codes (member_id, kind, created_at);

-- Guessing limits per member and factor: attempts taken in the window that started at
-- window_started_at; at the limit the factor is locked until locked_until. A success deletes
-- the row. Each attempt takes its slot with a conditional UPDATE before the guess is checked,
-- so concurrent guesses cannot exceed the limit.
CREATE TABLE mfa_attempts (
  member_id         TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  factor            TEXT NOT NULL,
  project_id        TEXT NOT NULL,
  window_started_at BIGINT NOT NULL,
  attempts          INTEGER NOT NULL,
  locked_until      BIGINT,
  PRIMARY KEY (member_id, factor)
);
