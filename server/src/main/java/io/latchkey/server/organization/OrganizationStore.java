package io.latchkey.server.organization;

import com.fasterxml.jackson.core.type.TypeReference;
import io.latchkey.api.organization.ActiveSSOConnection;
import io.latchkey.api.organization.CustomRole;
import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.search.Criteria;
import io.latchkey.server.search.Paging;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.Versioned;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** All SQL of the organization feature. Every statement names the project. */
public final class OrganizationStore {
    private static final TypeReference<List<EmailImplicitRoleAssignment>> ASSIGNMENTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> TENANTS = new TypeReference<>() {};
    private static final TypeReference<List<CustomRole>> CUSTOM_ROLES = new TypeReference<>() {};
    private static final TypeReference<List<ActiveSSOConnection>> SSO_CONNECTIONS = new TypeReference<>() {};

    private static final String COLUMNS =
            "o.organization_id, o.name, o.slug, o.external_id, o.logo_url, o.trusted_metadata,"
                    + " o.sso_jit_provisioning, o.sso_jit_provisioning_allowed_connections,"
                    + " o.sso_default_connection_id, o.sso_active_connections, o.email_allowed_domains, o.email_jit_provisioning,"
                    + " o.email_invites, o.auth_methods, o.allowed_auth_methods, o.mfa_policy, o.mfa_methods,"
                    + " o.allowed_mfa_methods, o.rbac_email_implicit_role_assignments,"
                    + " o.oauth_tenant_jit_provisioning, o.allowed_oauth_tenants, o.claimed_email_domains,"
                    + " o.first_party_connected_apps_allowed_type, o.allowed_first_party_connected_apps,"
                    + " o.third_party_connected_apps_allowed_type, o.allowed_third_party_connected_apps,"
                    + " o.custom_roles, o.created_at, o.updated_at";

    public void insert(Tx tx, String projectId, OrganizationDraft d) {
        tx.update(
                "INSERT INTO organizations (organization_id, project_id, name, name_key, slug, slug_key,"
                        + " external_id, logo_url, trusted_metadata, sso_jit_provisioning,"
                        + " sso_jit_provisioning_allowed_connections, sso_default_connection_id,"
                        + " email_allowed_domains, email_jit_provisioning, email_invites, auth_methods,"
                        + " allowed_auth_methods, mfa_policy, mfa_methods, allowed_mfa_methods,"
                        + " rbac_email_implicit_role_assignments, oauth_tenant_jit_provisioning,"
                        + " allowed_oauth_tenants, claimed_email_domains, first_party_connected_apps_allowed_type,"
                        + " allowed_first_party_connected_apps, third_party_connected_apps_allowed_type,"
                        + " allowed_third_party_connected_apps, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?)",
                d.organizationId,
                projectId,
                d.name,
                key(d.name),
                d.slug,
                key(d.slug),
                d.externalId,
                d.logoUrl,
                JsonText.write(d.trustedMetadata),
                d.ssoJitProvisioning,
                JsonText.write(d.ssoJitProvisioningAllowedConnections),
                d.ssoDefaultConnectionId,
                JsonText.write(d.emailAllowedDomains),
                d.emailJitProvisioning,
                d.emailInvites,
                d.authMethods,
                JsonText.write(d.allowedAuthMethods),
                d.mfaPolicy,
                d.mfaMethods,
                JsonText.write(d.allowedMfaMethods),
                JsonText.write(d.rbacEmailImplicitRoleAssignments),
                d.oauthTenantJitProvisioning,
                JsonText.write(d.allowedOauthTenants),
                JsonText.write(d.claimedEmailDomains),
                d.firstPartyConnectedAppsAllowedType,
                JsonText.write(d.allowedFirstPartyConnectedApps),
                d.thirdPartyConnectedAppsAllowedType,
                JsonText.write(d.allowedThirdPartyConnectedApps),
                d.createdAt,
                d.updatedAt);
        writeDomains(tx, projectId, d);
        writeHandles(tx, projectId, d);
    }

    /** Writes the SSO room's view of the organization's connections; false when there is no such row. */
    public boolean updateSsoConnections(
            Tx tx,
            String projectId,
            String organizationId,
            List<ActiveSSOConnection> active,
            String defaultConnectionId,
            java.time.Instant now) {
        return tx.update(
                        "UPDATE organizations SET sso_active_connections = ?, sso_default_connection_id = ?, updated_at = ?,"
                                + " version = version + 1 WHERE project_id = ? AND organization_id = ?",
                        JsonText.write(active),
                        defaultConnectionId,
                        now,
                        projectId,
                        organizationId)
                == 1;
    }

    /** Writes every field of the draft over the stored row. */
    public void update(Tx tx, String projectId, OrganizationDraft d) {
        tx.update(
                "UPDATE organizations SET name = ?, name_key = ?, slug = ?, slug_key = ?, external_id = ?,"
                        + " logo_url = ?, trusted_metadata = ?, sso_jit_provisioning = ?,"
                        + " sso_jit_provisioning_allowed_connections = ?, sso_default_connection_id = ?,"
                        + " email_allowed_domains = ?, email_jit_provisioning = ?, email_invites = ?,"
                        + " auth_methods = ?, allowed_auth_methods = ?, mfa_policy = ?, mfa_methods = ?,"
                        + " allowed_mfa_methods = ?, rbac_email_implicit_role_assignments = ?,"
                        + " oauth_tenant_jit_provisioning = ?, allowed_oauth_tenants = ?,"
                        + " claimed_email_domains = ?, first_party_connected_apps_allowed_type = ?,"
                        + " allowed_first_party_connected_apps = ?, third_party_connected_apps_allowed_type = ?,"
                        + " allowed_third_party_connected_apps = ?, updated_at = ?, version = version + 1"
                        + " WHERE project_id = ? AND organization_id = ?",
                d.name,
                key(d.name),
                d.slug,
                key(d.slug),
                d.externalId,
                d.logoUrl,
                JsonText.write(d.trustedMetadata),
                d.ssoJitProvisioning,
                JsonText.write(d.ssoJitProvisioningAllowedConnections),
                d.ssoDefaultConnectionId,
                JsonText.write(d.emailAllowedDomains),
                d.emailJitProvisioning,
                d.emailInvites,
                d.authMethods,
                JsonText.write(d.allowedAuthMethods),
                d.mfaPolicy,
                d.mfaMethods,
                JsonText.write(d.allowedMfaMethods),
                JsonText.write(d.rbacEmailImplicitRoleAssignments),
                d.oauthTenantJitProvisioning,
                JsonText.write(d.allowedOauthTenants),
                JsonText.write(d.claimedEmailDomains),
                d.firstPartyConnectedAppsAllowedType,
                JsonText.write(d.allowedFirstPartyConnectedApps),
                d.thirdPartyConnectedAppsAllowedType,
                JsonText.write(d.allowedThirdPartyConnectedApps),
                d.updatedAt,
                projectId,
                d.organizationId);
        tx.update(
                "DELETE FROM organization_domains WHERE project_id = ? AND organization_id = ?",
                projectId,
                d.organizationId);
        writeDomains(tx, projectId, d);
        tx.update(
                "DELETE FROM organization_handles WHERE project_id = ? AND organization_id = ?",
                projectId,
                d.organizationId);
        writeHandles(tx, projectId, d);
    }

    /**
     * The slug and the external id as names in the project's one namespace (V10): a name another
     * organization holds fails the primary key, a {@code UniqueViolationException}.
     */
    private static void writeHandles(Tx tx, String projectId, OrganizationDraft d) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(key(d.slug));
        if (d.externalId != null) {
            keys.add(key(d.externalId));
        }
        tx.batch(
                "INSERT INTO organization_handles (project_id, handle_key, organization_id) VALUES (?, ?, ?)",
                keys.stream()
                        .map(k -> new Object[] {projectId, k, d.organizationId})
                        .toList());
    }

    private static void writeDomains(Tx tx, String projectId, OrganizationDraft d) {
        List<Object[]> rows = new ArrayList<>();
        d.emailAllowedDomains.forEach(x -> rows.add(new Object[] {d.organizationId, projectId, "allowed", x}));
        d.claimedEmailDomains.forEach(x -> rows.add(new Object[] {d.organizationId, projectId, "claimed", x}));
        tx.batch(
                "INSERT INTO organization_domains (organization_id, project_id, kind, domain) VALUES (?, ?, ?, ?)",
                rows);
    }

    /**
     * Replaces the organization's own RBAC roles, moving its write counter; the only writer of
     * custom_roles, so an organization update never writes over a concurrent role change.
     */
    public boolean setCustomRoles(Tx tx, String projectId, String organizationId, List<CustomRole> roles, Instant now) {
        return tx.update(
                        "UPDATE organizations SET custom_roles = ?, updated_at = ?, version = version + 1"
                                + " WHERE project_id = ? AND organization_id = ?",
                        JsonText.write(roles),
                        now,
                        projectId,
                        organizationId)
                == 1;
    }

    /** Deletes the organization; its members and domains go with it (ON DELETE CASCADE). */
    public boolean delete(Tx tx, String projectId, String organizationId) {
        return tx.update(
                        "DELETE FROM organizations WHERE project_id = ? AND organization_id = ?",
                        projectId,
                        organizationId)
                == 1;
    }

    /** The organization with the counter its every write moves (see V8__view_versions.sql). */
    public Optional<Versioned<Organization>> findVersionedById(Tx tx, String projectId, String organizationId) {
        return tx.queryOne(
                "SELECT " + COLUMNS
                        + ", o.version FROM organizations o WHERE o.project_id = ? AND o.organization_id = ?",
                rs -> new Versioned<>(organization(rs), rs.getLong("version")),
                projectId,
                organizationId);
    }

    public Optional<Organization> findById(Tx tx, String projectId, String organizationId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = ? AND o.organization_id = ?",
                OrganizationStore::organization,
                projectId,
                organizationId);
    }

    /**
     * {@link #findById} for a read-modify-write: the row stays locked until {@code tx} ends, so a
     * concurrent update of the organization waits for this one and then reads what it wrote (see
     * {@link io.latchkey.server.store.Dialect#forUpdate}).
     */
    public Optional<Organization> findByIdForUpdate(Tx tx, String projectId, String organizationId) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM organizations o WHERE o.project_id = ? AND o.organization_id = ?"
                        + tx.dialect().forUpdate(),
                OrganizationStore::organization,
                projectId,
                organizationId);
    }

    /** The organization whose slug or external id is {@code name}, in any case. */
    public Optional<Organization> findByName(Tx tx, String projectId, String name) {
        return tx.queryOne(
                "SELECT " + COLUMNS + " FROM organization_handles h JOIN organizations o"
                        + " ON o.organization_id = h.organization_id"
                        + " WHERE h.project_id = ? AND h.handle_key = ?",
                OrganizationStore::organization,
                projectId,
                key(name));
    }

    /** The organization holding {@code name} (any case) as its slug or external id, if any. */
    public Optional<String> nameOwner(Tx tx, String projectId, String name) {
        return tx.queryOne(
                "SELECT organization_id FROM organization_handles WHERE project_id = ? AND handle_key = ?",
                rs -> rs.getString(1),
                projectId,
                key(name));
    }

    /** Organizations that list {@code domain} in email_allowed_domains, oldest first. */
    public List<Organization> withAllowedDomain(Tx tx, String projectId, String domain) {
        return tx.query(
                "SELECT " + COLUMNS + " FROM organizations o JOIN organization_domains d"
                        + " ON d.organization_id = o.organization_id AND d.kind = 'allowed'"
                        + " WHERE o.project_id = ? AND d.project_id = ? AND d.domain = ?"
                        + " ORDER BY o.created_at, o.organization_id",
                OrganizationStore::organization,
                projectId,
                projectId,
                domain);
    }

    /** One page of matches after {@code after} (null: from the start), at most {@code limit}. */
    List<Organization> search(
            Tx tx, String projectId, Criteria<OrganizationFilter> criteria, Paging.Position after, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM organizations o WHERE ");
        OrganizationSearchSql.where(sql, params, projectId, criteria);
        if (after != null) {
            sql.append(" AND (o.created_at > ? OR (o.created_at = ? AND o.organization_id > ?))");
            Collections.addAll(params, after.createdAtMillis(), after.createdAtMillis(), after.id());
        }
        sql.append(" ORDER BY o.created_at, o.organization_id LIMIT ?");
        params.add(limit);
        return tx.query(sql.toString(), OrganizationStore::organization, params.toArray());
    }

    int count(Tx tx, String projectId, Criteria<OrganizationFilter> criteria) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM organizations o WHERE ");
        OrganizationSearchSql.where(sql, params, projectId, criteria);
        return (int) tx.queryLong(sql.toString(), params.toArray());
    }

    /** What names and slugs are compared and searched by. */
    static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static Organization organization(ResultSet rs) throws SQLException {
        String tenants = rs.getString("allowed_oauth_tenants");
        return new Organization(
                rs.getString("organization_id"),
                rs.getString("name"),
                rs.getString("logo_url"),
                rs.getString("slug"),
                rs.getString("sso_jit_provisioning"),
                strings(rs, "sso_jit_provisioning_allowed_connections"),
                JsonText.read(rs.getString("sso_active_connections"), SSO_CONNECTIONS),
                strings(rs, "email_allowed_domains"),
                rs.getString("email_jit_provisioning"),
                rs.getString("email_invites"),
                rs.getString("auth_methods"),
                strings(rs, "allowed_auth_methods"),
                rs.getString("mfa_policy"),
                JsonText.read(rs.getString("rbac_email_implicit_role_assignments"), ASSIGNMENTS),
                rs.getString("mfa_methods"),
                strings(rs, "allowed_mfa_methods"),
                rs.getString("oauth_tenant_jit_provisioning"),
                strings(rs, "claimed_email_domains"),
                rs.getString("first_party_connected_apps_allowed_type"),
                strings(rs, "allowed_first_party_connected_apps"),
                rs.getString("third_party_connected_apps_allowed_type"),
                strings(rs, "allowed_third_party_connected_apps"),
                JsonText.read(rs.getString("custom_roles"), CUSTOM_ROLES),
                JsonText.readMap(rs.getString("trusted_metadata")),
                Timestamps.format(Tx.instant(rs, "created_at")),
                Timestamps.format(Tx.instant(rs, "updated_at")),
                rs.getString("external_id"),
                rs.getString("sso_default_connection_id"),
                null,
                tenants == null ? Map.of() : JsonText.read(tenants, TENANTS));
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        return JsonText.readStrings(rs.getString(column));
    }
}
