package io.latchkey.sdk;

import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.DeleteOrganizationResponse;
import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.api.organization.SearchOrganizationsRequest;
import io.latchkey.api.organization.SearchOrganizationsResponse;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Organizations: {@code /v1/b2b/organizations}. Wherever an {@code organizationId} is taken, the
 * organization's slug or external id works too.
 *
 * <p>Every method has an {@code ...Async} twin returning a {@link CompletableFuture} that
 * completes exceptionally with the same {@link LatchkeyException} the synchronous method throws.
 * Arguments are checked at the call (a null request throws {@link NullPointerException} at
 * once). Thread-safe; obtain it from {@link B2BClient#organizations()}.
 */
public final class Organizations {
    private static final String BASE = "/v1/b2b/organizations";

    private final Transport transport;
    private final Members members;

    Organizations(Transport transport) {
        this.transport = transport;
        this.members = new Members(transport);
    }

    /** The members of organizations. */
    public Members members() {
        return members;
    }

    /**
     * Creates an organization ({@code POST /v1/b2b/organizations}); see {@code
     * Requests.createOrganization(name)} for a builder.
     *
     * @throws LatchkeyApiException e.g. {@code organization_slug_already_used}
     */
    public OrganizationResponse create(CreateOrganizationRequest request) {
        return Transport.await(createAsync(request));
    }

    /** As {@link #create}, without blocking; fails with the same exceptions. */
    public CompletableFuture<OrganizationResponse> createAsync(CreateOrganizationRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE, request, OrganizationResponse.class);
    }

    /**
     * Reads an organization ({@code GET /v1/b2b/organizations/{id}}); retried on connection
     * failures and 5xx.
     *
     * @throws LatchkeyApiException {@code organization_not_found}
     */
    public OrganizationResponse get(String organizationId) {
        return Transport.await(getAsync(organizationId));
    }

    /** As {@link #get}, without blocking; fails with the same exceptions. */
    public CompletableFuture<OrganizationResponse> getAsync(String organizationId) {
        return transport.get(BASE + "/" + Transport.segment(organizationId), null, OrganizationResponse.class);
    }

    /**
     * Changes an organization's settings ({@code PUT /v1/b2b/organizations/{id}}); null fields are
     * left unchanged. See {@code Requests.updateOrganization()}.
     */
    public OrganizationResponse update(String organizationId, UpdateOrganizationRequest request) {
        return Transport.await(updateAsync(organizationId, request));
    }

    /** As {@link #update}, without blocking; fails with the same exceptions. */
    public CompletableFuture<OrganizationResponse> updateAsync(
            String organizationId, UpdateOrganizationRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call(
                "PUT", BASE + "/" + Transport.segment(organizationId), request, OrganizationResponse.class);
    }

    /**
     * Deletes an organization with all its members, revoking their sessions ({@code DELETE
     * /v1/b2b/organizations/{id}}).
     */
    public DeleteOrganizationResponse delete(String organizationId) {
        return Transport.await(deleteAsync(organizationId));
    }

    /** As {@link #delete}, without blocking; fails with the same exceptions. */
    public CompletableFuture<DeleteOrganizationResponse> deleteAsync(String organizationId) {
        return transport.call(
                "DELETE", BASE + "/" + Transport.segment(organizationId), null, DeleteOrganizationResponse.class);
    }

    /**
     * One page of organizations matching a query ({@code POST /v1/b2b/organizations/search}); pass
     * the answer's {@code results_metadata.next_cursor} as the next request's cursor. See {@code
     * Requests.searchOrganizations()} and {@code SearchQueries}.
     */
    public SearchOrganizationsResponse search(SearchOrganizationsRequest request) {
        return Transport.await(searchAsync(request));
    }

    /** As {@link #search}, without blocking; fails with the same exceptions. */
    public CompletableFuture<SearchOrganizationsResponse> searchAsync(SearchOrganizationsRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "/search", request, SearchOrganizationsResponse.class);
    }
}
