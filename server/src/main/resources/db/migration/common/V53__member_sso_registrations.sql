-- A member's identity at an SSO connection (the member's sso_registrations): one per member and
-- connection, written by each SSO login, so the IdP's subject stays bound to the member it first
-- logged in. sso_attributes: what the IdP said of the member at the last login (JSON object).
CREATE TABLE member_sso_registrations (
  registration_id TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  member_id       TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  connection_id   TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  external_id     TEXT NOT NULL,
  sso_attributes  TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL,
  UNIQUE (member_id, connection_id)
);
CREATE INDEX member_sso_registrations_connection ON member_sso_registrations (connection_id, external_id);
