-- The roles a SAML connection granted the member at its last login through it (JSON list of
-- {role_id, connection_id, group}; group null for the connection's own implicit roles), shown
-- among the member's roles with their sso_connection / sso_connection_group sources.
ALTER TABLE member_sso_registrations ADD COLUMN implicit_roles TEXT NOT NULL DEFAULT '[]';
