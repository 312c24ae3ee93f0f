-- A project's own RBAC policy (its custom resources, roles and scopes, and the permissions it
-- gave Stytch's default roles) as the JSON the policy endpoint serves; Stytch's default
-- resources are not stored, they always exist. No row: the defaults alone.
CREATE TABLE rbac_policies (
  project_id TEXT PRIMARY KEY REFERENCES projects (project_id) ON DELETE CASCADE,
  policy TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- An organization's own roles ("custom_roles"), written only by the organization RBAC policy
-- call; carried on the organization row so the session check sees them with the organization.
ALTER TABLE organizations ADD COLUMN custom_roles TEXT NOT NULL DEFAULT '[]';
