-- JWT signing keys: one RSA key pair per row. The public JWK is kept in clear because it is
-- published at the JWKS route; the private key only sealed with the master key (AES-GCM, bound
-- to the project and the kid). A key signs while retired_at is NULL and stays published until
-- every JWT it signed has expired.
CREATE TABLE signing_keys (
  kid                 TEXT PRIMARY KEY,
  project_id          TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  public_jwk          TEXT NOT NULL,
  sealed_private_key  BLOB NOT NULL,
  created_at          BIGINT NOT NULL,
  retired_at          BIGINT
);

-- At most one current key per project. Nodes that create or rotate keys concurrently race on
-- this index, not on a prior SELECT: the loser re-reads the winner's key.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (project_id) WHERE retired_at IS NULL;

CREATE INDEX signing_keys_by_project ON signing_keys (project_id, created_at);
