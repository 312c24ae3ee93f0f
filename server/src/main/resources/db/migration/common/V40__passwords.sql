-- Member passwords. hash is a PHC string: ours are Argon2id ($argon2id$v=19$m=..,t=..,p=..$salt$hash);
-- an imported hash keeps its own type (hash_type) and options (hash_config, JSON) until the
-- member's next successful login rehashes it to Argon2id. Never returned by the API.
CREATE TABLE member_passwords (
  project_id         TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  member_id          TEXT NOT NULL,
  organization_id    TEXT NOT NULL,
  member_password_id TEXT NOT NULL,
  hash_type          TEXT NOT NULL,
  hash               TEXT NOT NULL,
  hash_config        TEXT,
  reset_required     BOOLEAN NOT NULL DEFAULT FALSE,
  created_at         BIGINT NOT NULL,
  updated_at         BIGINT NOT NULL,
  PRIMARY KEY (project_id, member_id)
);
CREATE UNIQUE INDEX member_passwords_id ON member_passwords (project_id, member_password_id);

-- Password reset links: like magic links, stored only as the token's hash, single use, expiring.
-- organization_id and member_id are null for a discovery reset (bound to the email alone).
CREATE TABLE password_resets (
  token_hash       TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT,
  member_id        TEXT,
  email_address    TEXT NOT NULL,
  redirect_url     TEXT NOT NULL,
  pkce_challenge   TEXT,
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  used_at          BIGINT
);
CREATE INDEX password_resets_member ON password_resets (project_id, member_id);

-- The member view shows its password's id (member_password_id), "" when it has none.
ALTER TABLE members ADD COLUMN member_password_id TEXT;
