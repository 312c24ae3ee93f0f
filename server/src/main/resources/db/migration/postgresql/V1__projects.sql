-- Projects: the tenants of a Latchkey installation. A project's secret is stored only as its
-- SHA-256 hash. Times are epoch milliseconds in every table.
CREATE TABLE projects (
  project_id    TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  environment   TEXT NOT NULL CHECK (environment IN ('test', 'live')),
  secret_hash   TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  secret_rotated_at BIGINT NOT NULL
);

-- Redirect URLs a project allows for each kind of emailed link. A url may hold a '*' in place
-- of the port (http://localhost:*) to allow any port; at most one default per type.
CREATE TABLE project_redirect_urls (
  project_id  TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  url         TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('login', 'signup', 'invite', 'discovery', 'reset_password')),
  is_default  BOOLEAN NOT NULL,
  created_at  BIGINT NOT NULL,
  PRIMARY KEY (project_id, type, url)
);
