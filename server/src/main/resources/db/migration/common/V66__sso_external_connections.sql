-- External connections: an organization's use of an SSO connection of another organization of
-- the same project (kind 'external' in sso_connections, config '{}'; role_assignments holds its
-- implicit role assignments as JSON).
-- source_connection_id names the connection it signs members in through, and it goes when that
-- connection goes. An OIDC login started through an external connection remembers it
-- (via_connection_id): the IdP answers at the source connection's callback, and the login lands
-- in the external connection's organization.
ALTER TABLE sso_connections ADD COLUMN source_connection_id TEXT REFERENCES sso_connections (connection_id) ON DELETE CASCADE;
ALTER TABLE sso_connections ADD COLUMN role_assignments TEXT;
CREATE INDEX sso_connections_by_source ON sso_connections (source_connection_id);

ALTER TABLE sso_oidc_requests ADD COLUMN via_connection_id TEXT REFERENCES sso_connections (connection_id) ON DELETE CASCADE;
