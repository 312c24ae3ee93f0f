-- The private keys of SAML connections, sealed with the master key (bound to key_id): the key
-- this server signs its AuthnRequests with (purpose 'signing', one per connection, with the
-- certificate made for it) and the keys the IdP's encrypted assertions are decrypted with
-- (purpose 'encryption'). What is not secret (the IdP's certificates, entity id, URLs, role
-- assignments) stays in sso_connections.config.
CREATE TABLE sso_saml_keys (
  key_id        TEXT PRIMARY KEY,
  project_id    TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  connection_id TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  purpose       TEXT NOT NULL CHECK (purpose IN ('signing', 'encryption')),
  certificate   TEXT NOT NULL,
  sealed_key    ${blob} NOT NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX sso_saml_keys_by_connection ON sso_saml_keys (connection_id, purpose, created_at);
