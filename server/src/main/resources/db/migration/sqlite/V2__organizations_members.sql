-- Organizations and their members. Every row carries project_id and every query names it.
-- Times are epoch milliseconds; JSON (metadata, list settings) is TEXT. *_key columns hold the
-- lower-cased form a value is compared and searched by, computed by the application so both
-- dialects agree on what "case-insensitive" means.
CREATE TABLE organizations (
  organization_id  TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  name             TEXT NOT NULL,
  name_key         TEXT NOT NULL,
  slug             TEXT NOT NULL,
  slug_key         TEXT NOT NULL,
  external_id      TEXT,
  logo_url         TEXT NOT NULL,
  trusted_metadata TEXT NOT NULL,
  sso_jit_provisioning                    TEXT NOT NULL,
  sso_jit_provisioning_allowed_connections TEXT NOT NULL,
  sso_default_connection_id               TEXT,
  email_allowed_domains                   TEXT NOT NULL,
  email_jit_provisioning                  TEXT NOT NULL,
  email_invites                           TEXT NOT NULL,
  auth_methods                            TEXT NOT NULL,
  allowed_auth_methods                    TEXT NOT NULL,
  mfa_policy                              TEXT NOT NULL,
  mfa_methods                             TEXT NOT NULL,
  allowed_mfa_methods                     TEXT NOT NULL,
  rbac_email_implicit_role_assignments    TEXT NOT NULL,
  oauth_tenant_jit_provisioning           TEXT NOT NULL,
  allowed_oauth_tenants                   TEXT,
  claimed_email_domains                   TEXT NOT NULL,
  first_party_connected_apps_allowed_type TEXT NOT NULL,
  allowed_first_party_connected_apps      TEXT NOT NULL,
  third_party_connected_apps_allowed_type TEXT NOT NULL,
  allowed_third_party_connected_apps      TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
-- Slugs are unique per project regardless of case; so are external ids (NULLs never collide).
CREATE UNIQUE INDEX organizations_slug ON organizations (project_id, slug_key);
CREATE UNIQUE INDEX organizations_external_id ON organizations (project_id, external_id);
-- Search pages are keyset seeks over (created_at, organization_id).
CREATE INDEX organizations_page ON organizations (project_id, created_at, organization_id);

-- The email domains of each organization, one row each, so search can match them by index.
-- The organizations row keeps the ordered list for reading; the two are written together.
CREATE TABLE organization_domains (
  organization_id TEXT NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
  project_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('allowed', 'claimed')),
  domain          TEXT NOT NULL,
  PRIMARY KEY (organization_id, kind, domain)
);
CREATE INDEX organization_domains_by_domain ON organization_domains (project_id, kind, domain);

-- Members. A deleted member keeps its row (status 'deleted') but no longer holds its email,
-- external id or phone number: the unique indexes below only cover members that are not deleted.
CREATE TABLE members (
  member_id        TEXT PRIMARY KEY,
  project_id       TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  organization_id  TEXT NOT NULL REFERENCES organizations (organization_id) ON DELETE CASCADE,
  email_address    TEXT NOT NULL,
  email_key        TEXT NOT NULL,
  email_id         TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'invited', 'active', 'deleted')),
  name             TEXT NOT NULL,
  external_id      TEXT,
  is_breakglass    BOOLEAN NOT NULL,
  email_address_verified    BOOLEAN NOT NULL,
  mfa_phone_number          TEXT,
  mfa_phone_number_verified BOOLEAN NOT NULL,
  mfa_enrolled              BOOLEAN NOT NULL,
  default_mfa_method        TEXT NOT NULL,
  roles            TEXT NOT NULL,
  trusted_metadata   TEXT NOT NULL,
  untrusted_metadata TEXT NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL
);
CREATE UNIQUE INDEX members_email ON members (organization_id, email_key) WHERE status <> 'deleted';
CREATE UNIQUE INDEX members_external_id ON members (organization_id, external_id) WHERE status <> 'deleted';
CREATE UNIQUE INDEX members_phone ON members (organization_id, mfa_phone_number) WHERE status <> 'deleted';
CREATE INDEX members_page ON members (organization_id, created_at, member_id);
-- Discovery finds every membership of one email across the project's organizations.
CREATE INDEX members_by_email ON members (project_id, email_key);

-- Addresses a member used before an email change; no other member of the organization may take
-- one while its owner is not deleted.
CREATE TABLE member_retired_emails (
  email_id        TEXT PRIMARY KEY,
  project_id      TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  member_id       TEXT NOT NULL REFERENCES members (member_id) ON DELETE CASCADE,
  email_address   TEXT NOT NULL,
  email_key       TEXT NOT NULL,
  retired_at      BIGINT NOT NULL
);
CREATE INDEX member_retired_emails_by_member ON member_retired_emails (member_id, retired_at);
CREATE INDEX member_retired_emails_by_email ON member_retired_emails (organization_id, email_key);
