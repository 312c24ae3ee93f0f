-- The frontend SDK's settings per project: the web origins its pages may call /sdk/v1 from,
-- the frontend calls switched on beyond the default set, and whether PKCE is required of
-- browser-started magic links. A project without a row has no origins, no extra calls, no PKCE.
CREATE TABLE project_frontend_settings (
  project_id    TEXT PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
  pkce_required BOOLEAN NOT NULL,
  updated_at    BIGINT NOT NULL
);
CREATE TABLE project_authorized_origins (
  project_id TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  origin     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, origin)
);
-- Preflight requests carry no credentials, so they are answered by origin alone.
CREATE INDEX project_authorized_origins_by_origin ON project_authorized_origins (origin);
CREATE TABLE project_frontend_calls (
  project_id TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  call_name  TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, call_name)
);
