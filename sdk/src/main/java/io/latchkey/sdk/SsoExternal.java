package io.latchkey.sdk;

import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.ExternalConnectionResponse;
import io.latchkey.api.sso.UpdateExternalConnectionRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * External connections ({@code /v1/b2b/sso/external}): an organization signing its members in
 * through a SAML or OIDC connection of another organization of the project. A login started
 * with the external connection's id goes to the source's identity provider and lands in the
 * external connection's organization. Thread-safe; obtain it from {@link Sso#external()}.
 */
public final class SsoExternal {
    private static final String BASE = "/v1/b2b/sso/external/";

    private final Transport transport;

    SsoExternal(Transport transport) {
        this.transport = transport;
    }

    /**
     * Shares {@code request}'s connection of another organization with this one ({@code POST
     * /v1/b2b/sso/external/{organization_id}}); the organization's default when it has none.
     *
     * @throws LatchkeyApiException e.g. {@code sso_connection_not_found}, {@code invalid_argument}
     *     (the organization's own connection, or an external one)
     */
    public ExternalConnectionResponse createConnection(String organizationId, CreateExternalConnectionRequest request) {
        return Transport.await(createConnectionAsync(organizationId, request));
    }

    /** As {@link #createConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ExternalConnectionResponse> createConnectionAsync(
            String organizationId, CreateExternalConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "POST", BASE + Transport.segment(organizationId), request, ExternalConnectionResponse.class);
    }

    /**
     * Sets what is not null in {@code request} ({@code PUT
     * /v1/b2b/sso/external/{organization_id}/connections/{connection_id}}).
     */
    public ExternalConnectionResponse updateConnection(
            String organizationId, String connectionId, UpdateExternalConnectionRequest request) {
        return Transport.await(updateConnectionAsync(organizationId, connectionId, request));
    }

    /** As {@link #updateConnection}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ExternalConnectionResponse> updateConnectionAsync(
            String organizationId, String connectionId, UpdateExternalConnectionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "PUT",
                BASE + Transport.segment(organizationId) + "/connections/" + Transport.segment(connectionId),
                request,
                ExternalConnectionResponse.class);
    }
}
