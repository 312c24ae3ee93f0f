-- Email magic links. Only the SHA-256 of a token is stored; a link is used at most once
-- (used_at is set by a conditional UPDATE) and only before expires_at. organization_id and
-- member_id are null for discovery links, which are bound to an email only.
CREATE TABLE magic_links (
  token_hash       TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT,
  member_id        TEXT,
  email_address    TEXT NOT NULL,
  purpose          TEXT NOT NULL CHECK (purpose IN ('login', 'signup', 'invite', 'discovery')),
  redirect_url     TEXT NOT NULL,
  pkce_challenge   TEXT,
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  used_at          BIGINT
);
CREATE INDEX magic_links_member ON magic_links (project_id, member_id);

-- Member sessions. The row is the session; a session JWT is a short-lived signed view of it.
-- token_hash is the SHA-256 of the opaque session_token.
CREATE TABLE member_sessions (
  session_id        TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id   TEXT NOT NULL,
  member_id         TEXT NOT NULL,
  token_hash        TEXT NOT NULL UNIQUE,
  started_at        BIGINT NOT NULL,
  last_accessed_at  BIGINT NOT NULL,
  expires_at        BIGINT NOT NULL,
  revoked_at        BIGINT,
  factors           TEXT NOT NULL,
  custom_claims     TEXT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE INDEX member_sessions_member ON member_sessions (project_id, member_id);
CREATE INDEX member_sessions_organization ON member_sessions (project_id, organization_id);

-- Intermediate sessions: a primary factor was completed but a session may not be minted yet
-- (MFA required, or the organization is still to be chosen). Short-lived, hashed, and consumed
-- when exchanged for a session.
CREATE TABLE intermediate_sessions (
  token_hash       TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT,
  member_id        TEXT,
  email_address    TEXT NOT NULL,
  factors          TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  consumed_at      BIGINT
);
