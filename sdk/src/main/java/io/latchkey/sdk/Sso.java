package io.latchkey.sdk;

import io.latchkey.api.sso.DeleteConnectionResponse;
import io.latchkey.api.sso.GetConnectionsResponse;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Enterprise single sign-on: an organization's connections to its identity provider ({@code
 * /v1/b2b/sso}), the URL that starts a login in the browser, and {@code authenticate}, which
 * trades the token the login ends with for a session. Connections are made per protocol: {@link
 * #saml()}, {@link #oidc()}, {@link #external()}. Wherever an {@code organizationId} is taken, the organization's
 * slug or external id works too. Thread-safe; obtain it from {@link B2BClient#sso()}.
 */
public final class Sso {
    private static final String BASE = "/v1/b2b/sso";

    private final Transport transport;
    private final String baseUrl;
    private final SsoSaml saml;
    private final SsoOidc oidc;
    private final SsoExternal external;

    Sso(Transport transport, String baseUrl) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.saml = new SsoSaml(transport);
        this.oidc = new SsoOidc(transport);
        this.external = new SsoExternal(transport);
    }

    /** SAML connections. */
    public SsoSaml saml() {
        return saml;
    }

    /** OpenID Connect connections. */
    public SsoOidc oidc() {
        return oidc;
    }

    /** External connections: a connection of another organization, used by this one. */
    public SsoExternal external() {
        return external;
    }

    /**
     * The organization's connections, by kind ({@code GET /v1/b2b/sso/{organization_id}});
     * retried on connection failures and 5xx.
     *
     * @throws LatchkeyApiException {@code organization_not_found}
     */
    public GetConnectionsResponse getConnections(String organizationId) {
        return Transport.await(getConnectionsAsync(organizationId));
    }

    /** As {@link #getConnections}, without blocking; fails with the same exceptions. */
    public CompletableFuture<GetConnectionsResponse> getConnectionsAsync(String organizationId) {
        return transport.get(BASE + "/" + Transport.segment(organizationId), null, GetConnectionsResponse.class);
    }

    /**
     * Deletes a connection ({@code DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}}).
     *
     * @throws LatchkeyApiException {@code sso_connection_not_found}, {@code
     *     cannot_delete_default_sso_connection} while other connections remain
     */
    public DeleteConnectionResponse deleteConnection(String organizationId, String connectionId) {
        return Transport.await(deleteConnectionAsync(organizationId, connectionId));
    }

    /** As {@link #deleteConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DeleteConnectionResponse> deleteConnectionAsync(
            String organizationId, String connectionId) {
        return transport.call(
                "DELETE",
                BASE + "/" + Transport.segment(organizationId) + "/connections/" + Transport.segment(connectionId),
                null,
                DeleteConnectionResponse.class);
    }

    /**
     * Trades the {@code token} of an SSO login's redirect ({@code stytch_token_type=sso}) for a
     * session, or ({@code member_authenticated} false) an intermediate session when MFA is due
     * ({@code POST /v1/b2b/sso/authenticate}). The token is single-use. See {@code
     * Requests.authenticateSso(token)}.
     *
     * @throws LatchkeyApiException e.g. {@code sso_token_not_found}, {@code
     *     invalid_connection_for_jit_provisioning}
     */
    public SSOAuthenticateResponse authenticate(SSOAuthenticateRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SSOAuthenticateResponse> authenticateAsync(SSOAuthenticateRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "/authenticate", request, SSOAuthenticateResponse.class);
    }

    /**
     * The URL to send a browser to for an SSO login through this connection ({@code GET
     * /v1/public/sso/start}). It takes the project's public token, never the secret: the URL is
     * seen by the browser. Nothing is sent by this method.
     *
     * @param connectionId the connection; not null
     * @param publicToken the project's public token; not null
     * @param loginRedirectUrl where an existing member lands; null for the project's default
     * @param signupRedirectUrl where a new member lands; null for the project's default
     * @param pkceCodeChallenge S256 challenge of a verifier this browser keeps, which {@link
     *     #authenticate} must then be given; null for none
     */
    public String startUrl(
            String connectionId,
            String publicToken,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(publicToken, "publicToken");
        return baseUrl
                + "/v1/public/sso/start"
                + Transport.queryString(Transport.query(
                        "connection_id",
                        connectionId,
                        "public_token",
                        publicToken,
                        "login_redirect_url",
                        loginRedirectUrl,
                        "signup_redirect_url",
                        signupRedirectUrl,
                        "pkce_code_challenge",
                        pkceCodeChallenge));
    }
}
