-- An SSO login in flight. sso_oidc_requests: one per redirect to an OIDC IdP, found by the hash
-- of its state, spent once by the callback; the nonce is kept as a hash, the PKCE verifier sent
-- to the IdP sealed (the token request needs it back). sso_tokens: what the callback hands the
-- application, redeemed once by sso.authenticate; only its hash is kept.
CREATE TABLE sso_oidc_requests (
  state_hash          TEXT PRIMARY KEY,
  project_id          TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  connection_id       TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  nonce_hash          TEXT NOT NULL,
  sealed_verifier     ${blob} NOT NULL,
  login_redirect_url  TEXT NOT NULL,
  signup_redirect_url TEXT NOT NULL,
  pkce_code_challenge TEXT,
  created_at          BIGINT NOT NULL,
  expires_at          BIGINT NOT NULL,
  used_at             BIGINT
);

CREATE TABLE sso_tokens (
  token_hash          TEXT PRIMARY KEY,
  project_id          TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id     TEXT NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
  connection_id       TEXT NOT NULL REFERENCES sso_connections (connection_id) ON DELETE CASCADE,
  email_address       TEXT NOT NULL,
  subject             TEXT NOT NULL,
  name                TEXT NOT NULL,
  pkce_code_challenge TEXT,
  created_at          BIGINT NOT NULL,
  expires_at          BIGINT NOT NULL,
  used_at             BIGINT
);
