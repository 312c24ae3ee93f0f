-- Public tokens: what browser-facing routes (/v1/public/...) take instead of the project's
-- secret. They are printed into web pages by design, so they are kept in clear; a project may
-- hold several so one can be replaced without downtime.
CREATE TABLE project_public_tokens (
  public_token TEXT PRIMARY KEY,
  project_id   TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  created_at   BIGINT NOT NULL
);
CREATE INDEX project_public_tokens_by_project ON project_public_tokens (project_id, created_at);
