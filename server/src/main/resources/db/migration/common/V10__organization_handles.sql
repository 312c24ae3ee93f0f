-- The names an organization answers to besides its id, slugs and external ids alike, share one
-- case-insensitive namespace per project: an API call naming an organization by either must
-- find exactly one, so one tenant's slug can never capture calls addressed by another tenant's
-- external id. handle_key is the lower-cased slug or external id (computed by the application;
-- both alphabets are ASCII). The primary key decides under concurrency.
CREATE TABLE organization_handles (
  project_id       TEXT NOT NULL,
  handle_key       TEXT NOT NULL,
  organization_id  TEXT NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
  PRIMARY KEY (project_id, handle_key)
);

CREATE INDEX organization_handles_by_organization ON organization_handles (organization_id);

-- Existing names: slugs first, then external ids. Where another organization's slug already
-- holds an external id (the case this table exists to prevent), the slug keeps the name, as
-- lookups by name did until now (slug first); that external id then no longer resolves and is
-- refused when written again, until one of the two is changed.
INSERT INTO organization_handles (project_id, handle_key, organization_id)
  SELECT project_id, slug_key, organization_id FROM organizations WHERE true
  ON CONFLICT DO NOTHING;
INSERT INTO organization_handles (project_id, handle_key, organization_id)
  SELECT project_id, lower(external_id), organization_id FROM organizations WHERE external_id IS NOT NULL
  ON CONFLICT DO NOTHING;
