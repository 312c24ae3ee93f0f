package io.latchkey.sdk.request;

import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.search.SearchQuery;
import java.util.List;

/**
 * Builds a {@code POST /v1/b2b/organizations/members/search} request over one or more organizations.
 *
 * <p>Every setter sets the same-named field of {@link SearchMembersRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class SearchMembersBuilder {
    private final List<String> organizationIds;
    private String cursor;
    private Integer limit;
    private SearchQuery query;

    SearchMembersBuilder(List<String> organizationIds) {
        this.organizationIds = List.copyOf(organizationIds);
    }

    /** Sets {@code cursor}. */
    public SearchMembersBuilder cursor(String cursor) {
        this.cursor = cursor;
        return this;
    }

    /** Sets {@code limit}. */
    public SearchMembersBuilder limit(int limit) {
        this.limit = limit;
        return this;
    }

    /** Sets {@code query}. */
    public SearchMembersBuilder query(SearchQuery query) {
        this.query = query;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public SearchMembersRequest build() {
        return new SearchMembersRequest(organizationIds, cursor, limit, query);
    }
}
