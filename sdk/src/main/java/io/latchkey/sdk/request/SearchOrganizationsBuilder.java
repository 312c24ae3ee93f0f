package io.latchkey.sdk.request;

import io.latchkey.api.organization.SearchOrganizationsRequest;
import io.latchkey.api.search.SearchQuery;

/**
 * Builds a {@code POST /v1/b2b/organizations/search} request; without a query every organization matches.
 *
 * <p>Every setter sets the same-named field of {@link SearchOrganizationsRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class SearchOrganizationsBuilder {
    private String cursor;
    private Integer limit;
    private SearchQuery query;

    SearchOrganizationsBuilder() {}

    /** Sets {@code cursor}. */
    public SearchOrganizationsBuilder cursor(String cursor) {
        this.cursor = cursor;
        return this;
    }

    /** Sets {@code limit}. */
    public SearchOrganizationsBuilder limit(int limit) {
        this.limit = limit;
        return this;
    }

    /** Sets {@code query}. */
    public SearchOrganizationsBuilder query(SearchQuery query) {
        this.query = query;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public SearchOrganizationsRequest build() {
        return new SearchOrganizationsRequest(cursor, limit, query);
    }
}
