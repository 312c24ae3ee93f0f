package io.latchkey.sdk;

import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.OIDCConnectionResponse;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * OpenID Connect connections ({@code /v1/b2b/sso/oidc}). A connection is created {@code pending}
 * and becomes {@code active} once its client id and secret, issuer and endpoints are set. The
 * client secret is write-only: answers carry {@code ""}. Thread-safe; obtain it from {@link
 * Sso#oidc()}.
 */
public final class SsoOidc {
    private static final String BASE = "/v1/b2b/sso/oidc/";

    private final Transport transport;

    SsoOidc(Transport transport) {
        this.transport = transport;
    }

    /**
     * A new, pending connection; the organization's default when it has none ({@code POST
     * /v1/b2b/sso/oidc/{organization_id}}). Its {@code redirect_url} is what the IdP must allow.
     */
    public OIDCConnectionResponse createConnection(String organizationId, CreateOIDCConnectionRequest request) {
        return Transport.await(createConnectionAsync(organizationId, request));
    }

    /** As {@link #createConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<OIDCConnectionResponse> createConnectionAsync(
            String organizationId, CreateOIDCConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + Transport.segment(organizationId), request, OIDCConnectionResponse.class);
    }

    /**
     * Sets what is not null in {@code request} ({@code PUT
     * /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}}).
     *
     * @throws LatchkeyApiException e.g. {@code sso_connection_not_found}, {@code invalid_issuer}
     */
    public OIDCConnectionResponse updateConnection(
            String organizationId, String connectionId, UpdateOIDCConnectionRequest request) {
        return Transport.await(updateConnectionAsync(organizationId, connectionId, request));
    }

    /** As {@link #updateConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<OIDCConnectionResponse> updateConnectionAsync(
            String organizationId, String connectionId, UpdateOIDCConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "PUT",
                BASE + Transport.segment(organizationId) + "/connections/" + Transport.segment(connectionId),
                request,
                OIDCConnectionResponse.class);
    }
}
