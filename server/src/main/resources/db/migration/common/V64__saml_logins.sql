-- A SAML login in flight. sso_saml_requests: one per AuthnRequest this server sent, found by its
-- ID (the response's InResponseTo), spent once by the ACS; via_connection_id is the external
-- connection the login was started through, if any (the member lands in its organization).
-- sso_saml_assertions: the ids of the assertions already accepted, kept until they could no
-- longer be accepted anyway, so a replayed assertion fails on every node (the primary key decides).
CREATE TABLE sso_saml_requests (
  request_id          TEXT PRIMARY KEY,
  project_id          TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  connection_id       TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  via_connection_id   TEXT REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  login_redirect_url  TEXT NOT NULL,
  signup_redirect_url TEXT NOT NULL,
  pkce_code_challenge TEXT,
  created_at          BIGINT NOT NULL,
  expires_at          BIGINT NOT NULL,
  used_at             BIGINT
);

CREATE TABLE sso_saml_assertions (
  connection_id TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  assertion_id  TEXT NOT NULL,
  project_id    TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  expires_at    BIGINT NOT NULL,
  PRIMARY KEY (connection_id, assertion_id)
);
CREATE INDEX sso_saml_assertions_by_expiry ON sso_saml_assertions (expires_at);

-- What the IdP said of the member besides email and subject (names, groups; JSON object), carried
-- from the ACS to sso.authenticate.
ALTER TABLE sso_tokens ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
