-- SSO connections of organizations. What is not secret is one JSON document per connection
-- (its kind decides the fields); the OIDC client secret is sealed with the master key, bound to
-- the connection's id. The organization row keeps the list its answers show
-- (sso_active_connections), written by the SSO room whenever a connection changes.
CREATE TABLE sso_connections (
  connection_id     TEXT PRIMARY KEY,
  project_id        TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id   TEXT NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
  kind              TEXT NOT NULL CHECK (kind IN ('oidc', 'saml', 'external')),
  status            TEXT NOT NULL CHECK (status IN ('pending', 'active')),
  display_name      TEXT NOT NULL,
  identity_provider TEXT NOT NULL,
  config            TEXT NOT NULL,
  sealed_secret     ${blob},
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
CREATE INDEX sso_connections_by_organization ON sso_connections (project_id, organization_id, created_at);

ALTER TABLE organizations ADD COLUMN sso_active_connections TEXT NOT NULL DEFAULT '[]';
