package io.latchkey.server.sso;

import io.latchkey.api.organization.ActiveSSOConnection;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.DeleteConnectionResponse;
import io.latchkey.api.sso.GetConnectionsResponse;
import io.latchkey.api.sso.OIDCConnection;
import io.latchkey.api.sso.OIDCConnectionResponse;
import io.latchkey.api.sso.SAMLConnection;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.outbound.TargetPolicy;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SSO connections of organizations: create, update, list, delete, and the organization's view
 * of them ({@code sso_active_connections}, {@code sso_default_connection_id}) kept in step in the
 * same transaction. Client secrets are sealed with the master key, bound to their connection,
 * and never answered. Thread-safe.
 */
public final class SsoService implements io.latchkey.server.organization.SsoConnectionDirectory {
    private static final int MAX_NAME = 256;
    private static final int MAX_VALUE = 2048;
    private static final int MAX_MAPPING_BYTES = 16 * 1024;

    private final Database db;
    private final SsoStore store;
    private final SamlStore samlKeys;
    /** Forgets members' registrations at a connection about to go; see {@link #setRegistrationCleanup}. */
    private volatile RegistrationCleanup registrations = (tx, project, connectionId) -> {};

    private final OrganizationService organizations;
    private final SecretBox box;
    private final String baseUrl;
    private final TargetPolicy targets;
    private final Clock clock;
    private final ExternalConnections externals;

    /**
     * @param baseUrl this server's public URL (LATCHKEY_BASE_URL), which callbacks are built from
     * @param targets which IdP endpoints may be named: plain http in dev mode only, internal
     *     addresses only in dev mode or inside the operator's allowed networks
     */
    public SsoService(
            Database db,
            SsoStore store,
            SamlStore samlKeys,
            OrganizationService organizations,
            SecretBox box,
            String baseUrl,
            TargetPolicy targets,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.samlKeys = samlKeys;
        this.organizations = organizations;
        this.box = box;
        this.baseUrl = baseUrl;
        this.targets = targets;
        this.clock = clock;
        this.externals = new ExternalConnections(
                db, store, new SsoExternalStore(), organizations, this::syncOrganization, clock);
    }

    /** External connections: this organization using another one's connection. */
    public ExternalConnections external() {
        return externals;
    }

    /** {@code POST /v1/b2b/sso/oidc/{organization_id}}: a pending connection, the organization's default if it has none. */
    public OIDCConnectionResponse createOidc(Project project, String organizationRef, CreateOIDCConnectionRequest r) {
        String displayName = r == null || r.displayName() == null ? "" : displayName(r.displayName());
        String idp = r == null || r.identityProvider() == null ? "generic" : identityProvider(r.identityProvider());
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            Instant now = Timestamps.truncate(clock.instant());
            String id = Ids.newId("oidc-connection", project.environment());
            SsoConnection c = new SsoConnection(
                    id,
                    project.projectId(),
                    org.organizationId(),
                    SsoConnection.OIDC,
                    "pending",
                    displayName,
                    idp,
                    OidcConfig.empty(),
                    null,
                    null,
                    now,
                    now);
            store.insert(tx, c);
            syncOrganization(
                    tx, project, org, org.ssoDefaultConnectionId() == null ? id : org.ssoDefaultConnectionId());
            return OIDCConnectionResponse.of(render(c));
        });
    }

    /** {@code PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}}: null fields stay. */
    public OIDCConnectionResponse updateOidc(
            Project project, String organizationRef, String connectionId, UpdateOIDCConnectionRequest r) {
        if (r == null) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "A JSON body is required.");
        }
        // The connection is found first, then its endpoints are checked outside the transaction
        // (a host name takes a DNS lookup), then the transaction finds it again and writes.
        db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            return store.find(tx, project.projectId(), connectionId)
                    .filter(x -> x.organizationId().equals(org.organizationId()))
                    .filter(x -> x.kind().equals(SsoConnection.OIDC))
                    .orElseThrow(SsoService::connectionNotFound);
        });
        String issuer = r.issuer() == null ? null : endpoint(r.issuer(), "issuer", ErrorType.INVALID_ISSUER);
        String authorizationUrl = r.authorizationUrl() == null
                ? null
                : endpoint(r.authorizationUrl(), "authorization_url", ErrorType.INVALID_AUTHORIZATION_URL);
        String tokenUrl =
                r.tokenUrl() == null ? null : endpoint(r.tokenUrl(), "token_url", ErrorType.INVALID_TOKEN_URL);
        String userinfoUrl = r.userinfoUrl() == null
                ? null
                : endpoint(r.userinfoUrl(), "userinfo_url", ErrorType.INVALID_USERINFO_URL);
        String jwksUrl = r.jwksUrl() == null ? null : endpoint(r.jwksUrl(), "jwks_url", ErrorType.INVALID_JWKS_URL);
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            SsoConnection c = store.findForUpdate(tx, project.projectId(), org.organizationId(), connectionId)
                    .filter(x -> x.kind().equals(SsoConnection.OIDC))
                    .orElseThrow(SsoService::connectionNotFound);
            OidcConfig o = c.oidc();
            OidcConfig next = new OidcConfig(
                    r.clientId() == null ? o.clientId() : value(r.clientId(), "client_id", ErrorType.INVALID_CLIENT_ID),
                    issuer == null ? o.issuer() : issuer,
                    authorizationUrl == null ? o.authorizationUrl() : authorizationUrl,
                    tokenUrl == null ? o.tokenUrl() : tokenUrl,
                    userinfoUrl == null ? o.userinfoUrl() : userinfoUrl,
                    jwksUrl == null ? o.jwksUrl() : jwksUrl,
                    r.customScopes() == null ? o.customScopes() : scopes(r.customScopes()),
                    r.attributeMapping() == null ? o.attributeMapping() : mapping(r.attributeMapping()));
            byte[] sealed = c.sealedSecret();
            if (r.clientSecret() != null) {
                String secret = value(r.clientSecret(), "client_secret", ErrorType.INVALID_CLIENT_SECRET);
                sealed = secret.isEmpty() ? null : box.seal(secret, SsoConnection.sealingContext(c.connectionId()));
            }
            String status = next.complete() && sealed != null ? "active" : "pending";
            SsoConnection updated = c.with(
                    status,
                    r.displayName() == null ? c.displayName() : displayName(r.displayName()),
                    r.identityProvider() == null ? c.identityProvider() : identityProvider(r.identityProvider()),
                    next,
                    sealed,
                    Timestamps.truncate(clock.instant()));
            store.update(tx, updated);
            syncOrganization(tx, project, org, org.ssoDefaultConnectionId());
            return OIDCConnectionResponse.of(render(updated));
        });
    }

    /** {@code GET /v1/b2b/sso/{organization_id}}. */
    public GetConnectionsResponse getConnections(Project project, String organizationRef) {
        return db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            List<SsoConnection> all = store.list(tx, project.projectId(), org.organizationId());
            return GetConnectionsResponse.of(
                    all.stream()
                            .filter(c -> c.kind().equals(SsoConnection.SAML))
                            .map(c -> renderSaml(tx, c))
                            .toList(),
                    all.stream()
                            .filter(c -> c.kind().equals(SsoConnection.OIDC))
                            .map(this::render)
                            .toList(),
                    externals.list(tx, project, org.organizationId()));
        });
    }

    /**
     * {@code DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}}. The default
     * connection goes only when it is the organization's last: otherwise another must be made the
     * default first, so members are never sent to a connection that no longer exists.
     */
    public DeleteConnectionResponse deleteConnection(Project project, String organizationRef, String connectionId) {
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            SsoConnection c = store.findForUpdate(tx, project.projectId(), org.organizationId(), connectionId)
                    .orElseThrow(SsoService::connectionNotFound);
            boolean isDefault = c.connectionId().equals(org.ssoDefaultConnectionId());
            if (isDefault
                    && store.list(tx, project.projectId(), org.organizationId()).size() > 1) {
                throw new ApiException(
                        ErrorType.CANNOT_DELETE_DEFAULT_SSO_CONNECTION,
                        "This is the organization's default SSO connection: make another the default"
                                + " (sso_default_connection_id) before deleting it.");
            }
            externals.beforeSourceDeleted(tx, project, c.connectionId());
            registrations.forget(tx, project, c.connectionId());
            store.delete(tx, project.projectId(), org.organizationId(), c.connectionId());
            syncOrganization(tx, project, org, isDefault ? null : org.ssoDefaultConnectionId());
            return DeleteConnectionResponse.of(c.connectionId());
        });
    }

    /** What deleting a connection does to the members registered through it (the member room's rule). */
    @FunctionalInterface
    public interface RegistrationCleanup {
        void forget(Tx tx, Project project, String connectionId);
    }

    /**
     * Set once at start-up: a deleted connection's member registrations (and the roles they gave)
     * go in the same transaction, with the members' cached views.
     */
    public void setRegistrationCleanup(RegistrationCleanup cleanup) {
        this.registrations = cleanup;
    }

    @Override
    public boolean exists(Tx tx, String projectId, String organizationId, String connectionId) {
        return store.find(tx, projectId, connectionId)
                .filter(c -> c.organizationId().equals(organizationId))
                .isPresent();
    }

    /** The organization's active connections and default, as its answers show them. */
    void syncOrganization(Tx tx, Project project, Organization org, String defaultConnectionId) {
        List<ActiveSSOConnection> active = store.list(tx, project.projectId(), org.organizationId()).stream()
                .filter(c -> c.status().equals("active"))
                .map(c -> new ActiveSSOConnection(c.connectionId(), c.displayName(), c.identityProvider()))
                .toList();
        organizations.setSsoConnections(tx, project, org.organizationId(), active, defaultConnectionId);
    }

    /** A SAML connection as the API shows it, with its keys' certificates and ids (never the keys). */
    SAMLConnection renderSaml(Tx tx, SsoConnection c) {
        List<SamlStore.SamlKey> signing = samlKeys.keys(tx, c.projectId(), c.connectionId(), SamlStore.SIGNING);
        List<SamlStore.SamlKey> encryption = samlKeys.keys(tx, c.projectId(), c.connectionId(), SamlStore.ENCRYPTION);
        return SamlViews.render(c, baseUrl, signing, encryption);
    }

    OIDCConnection render(SsoConnection c) {
        OidcConfig o = c.oidc();
        return new OIDCConnection(
                c.organizationId(),
                c.connectionId(),
                c.status(),
                c.displayName(),
                SsoUrls.callback(baseUrl, c.connectionId()),
                o.clientId(),
                "",
                o.issuer(),
                o.authorizationUrl(),
                o.tokenUrl(),
                o.userinfoUrl(),
                o.jwksUrl(),
                c.identityProvider(),
                o.customScopes(),
                o.attributeMapping());
    }

    /**
     * {@code value} as an IdP endpoint (see {@link SsoUrls#endpoint}) whose host is not, and does
     * not resolve to, an internal address this server may not call. A name that does not resolve
     * yet is accepted: every call checks the addresses it connects to.
     */
    private String endpoint(String value, String field, ErrorType error) {
        String v = SsoUrls.endpoint(value, field, targets.devMode(), error);
        if (!v.isEmpty() && targets.checkHost(v) == TargetPolicy.HostCheck.REFUSED) {
            throw new ApiException(
                    error,
                    field + " points at a loopback, private or link-local address, which this server does not"
                            + " call unless its operator allows that network.");
        }
        return v;
    }

    static String displayName(String value) {
        String v = value.strip();
        if (v.length() > MAX_NAME || hasControl(v)) {
            throw new ApiException(
                    ErrorType.INVALID_DISPLAY_NAME,
                    "display_name must be at most " + MAX_NAME + " characters without control characters.");
        }
        return v;
    }

    static String identityProvider(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!v.matches("[a-z0-9-]{1,64}")) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT,
                    "identity_provider must be a provider name such as generic, okta, microsoft-entra or keycloak.");
        }
        return v;
    }

    static String value(String value, String field, ErrorType error) {
        String v = value.strip();
        if (v.length() > MAX_VALUE || hasControl(v)) {
            throw new ApiException(
                    error, field + " must be at most " + MAX_VALUE + " characters without control" + " characters.");
        }
        return v;
    }

    private static String scopes(String value) {
        String v = value.strip();
        if (v.length() > MAX_VALUE || !v.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E ]*")) {
            throw new ApiException(
                    ErrorType.INVALID_ARGUMENT, "custom_scopes must be space-separated OAuth scope names.");
        }
        return v;
    }

    static Map<String, Object> mapping(Map<String, Object> value) {
        if (JsonText.utf8Size(value) > MAX_MAPPING_BYTES) {
            throw new ApiException(ErrorType.INVALID_ARGUMENT, "attribute_mapping is larger than 16 KiB.");
        }
        return value;
    }

    static boolean hasControl(String v) {
        return v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f);
    }

    static ApiException connectionNotFound() {
        return new ApiException(
                ErrorType.SSO_CONNECTION_NOT_FOUND, "No SSO connection of this organization has this connection_id.");
    }
}
