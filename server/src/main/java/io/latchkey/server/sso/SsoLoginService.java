package io.latchkey.server.sso;

import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.outbound.OutboundHttp;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The SSO login over OpenID Connect, the one entry point routes call: the redirect to the IdP
 * ({@link OidcAuthorizationStart}), the callback that checks what the IdP answered and hands the
 * application a single-use SSO token ({@link OidcCallback}), and {@code sso.authenticate}, which
 * redeems it through {@link SignIn} ({@link SsoTokenRedemption}). Network calls to the IdP happen
 * outside any transaction. Thread-safe.
 */
public final class SsoLoginService {
    static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);

    private final Database db;
    private final SsoStore store;
    private final ExternalConnections externals;
    private final OidcAuthorizationStart starts;
    private final OidcCallback callbacks;
    private final SamlLoginStart samlStarts;
    private final SamlAcs samlAcs;
    private final SsoTokenRedemption redemptions;

    /** @param outbound the guarded client the IdP's token and JWKS endpoints are called with */
    public SsoLoginService(
            Database db,
            SsoStore store,
            SamlStore saml,
            SsoService connections,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SignIn signIn,
            SecretBox box,
            String baseUrl,
            OutboundHttp outbound,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.externals = connections.external();
        this.samlStarts = new SamlLoginStart(db, store, saml, projects, box, baseUrl, clock);
        this.samlAcs = new SamlAcs(
                db, store, saml, projects, organizations, members, connections.external(), box, baseUrl, clock);
        this.starts = new OidcAuthorizationStart(db, store, projects, connections.external(), box, baseUrl, clock);
        this.callbacks = new OidcCallback(
                db,
                store,
                projects,
                organizations,
                members,
                connections.external(),
                box,
                baseUrl,
                new OidcIdp(outbound),
                clock);
        this.redemptions =
                new SsoTokenRedemption(db, store, organizations, members, signIn, connections.external(), clock);
    }

    /**
     * {@code GET /v1/public/sso/start}: where to send the browser. The redirect URLs are checked
     * against the project's allow-list (defaults when absent) before anything is stored.
     */
    public String start(
            Project project,
            String connectionId,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {
        if (connectionId != null && !connectionId.isBlank()) {
            // A SAML connection, or an external connection whose source is one, signs in over SAML.
            record Named(SsoConnection connection, String via) {}
            Named named = db.read(tx -> {
                SsoConnection c =
                        store.find(tx, project.projectId(), connectionId).orElseThrow(SsoService::connectionNotFound);
                if (!SsoConnection.EXTERNAL.equals(c.kind())) {
                    return new Named(c, null);
                }
                return externals
                        .find(tx, project.projectId(), c.connectionId())
                        .flatMap(e -> store.find(tx, project.projectId(), e.sourceId()))
                        .map(source -> new Named(source, c.connectionId()))
                        .orElseThrow(SsoService::connectionNotFound);
            });
            if (SsoConnection.SAML.equals(named.connection().kind())) {
                return samlStarts.start(
                        project,
                        named.connection(),
                        named.via(),
                        loginRedirectUrl,
                        signupRedirectUrl,
                        pkceCodeChallenge);
            }
        }
        return starts.start(project, connectionId, loginRedirectUrl, signupRedirectUrl, pkceCodeChallenge);
    }

    /**
     * {@code POST /v1/b2b/sso/callback/{connection_id}} for a SAML connection (its ACS, HTTP-POST
     * binding): where to send the browser, the application's redirect URL with the SSO token.
     */
    public String samlAcs(String connectionId, String samlResponse) {
        return samlAcs.acs(connectionId, samlResponse);
    }

    /**
     * {@code GET /v1/b2b/sso/callback/{connection_id}} for an OIDC connection: where to send the
     * browser, the application's redirect URL with {@code stytch_token_type=sso&token=…}.
     */
    public String oidcCallback(String connectionId, Map<String, String> query) {
        return callbacks.callback(connectionId, query);
    }

    /** {@code POST /v1/b2b/sso/authenticate}. */
    public SSOAuthenticateResponse authenticate(Project project, SSOAuthenticateRequest r) {
        return redemptions.authenticate(project, r);
    }

    /** The connection, of either kind, can sign members in. */
    static void requireActive(SsoConnection c) {
        if (SsoConnection.OIDC.equals(c.kind())) {
            requireActiveOidc(c);
        } else if (!"active".equals(c.status())) {
            throw new ApiException(
                    ErrorType.SSO_CONNECTION_NOT_ACTIVE,
                    "The SSO connection is not fully configured yet (status pending).");
        }
    }

    static void requireActiveOidc(SsoConnection c) {
        if (!SsoConnection.OIDC.equals(c.kind()) || !"active".equals(c.status()) || c.sealedSecret() == null) {
            throw new ApiException(
                    ErrorType.SSO_CONNECTION_NOT_ACTIVE,
                    "The SSO connection is not fully configured yet (status pending).");
        }
    }

    static String verifierContext(String stateHash) {
        return "sso-oidc-verifier:" + stateHash;
    }
}
