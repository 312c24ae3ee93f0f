package io.latchkey.sdk.request;

import io.latchkey.api.search.SearchOperand;
import io.latchkey.api.search.SearchQuery;
import java.util.List;
import java.util.Objects;

/**
 * Search queries for organization and member search:
 *
 * <pre>{@code
 * SearchQueries.and(SearchQueries.filter("member_emails", List.of("ada@example.com")))
 * }</pre>
 *
 * Filter names and value types are the contract's (e.g. {@code organization_ids}: list of
 * strings, {@code organization_name_fuzzy}: string, {@code member_is_breakglass}: boolean); the
 * server refuses unknown ones. Thread-safe (stateless).
 */
public final class SearchQueries {
    private SearchQueries() {}

    /** Matches what every operand matches; with no operands, everything. */
    public static SearchQuery and(SearchOperand... operands) {
        return new SearchQuery("AND", List.of(operands));
    }

    /** Matches what any operand matches (kept by the API for legacy callers). */
    public static SearchQuery or(SearchOperand... operands) {
        return new SearchQuery("OR", List.of(operands));
    }

    /**
     * One filter.
     *
     * @param filterName e.g. {@code organization_slugs}; not null
     * @param filterValue a {@code List<String>}, a {@code String} or a {@code Boolean}; not null
     */
    public static SearchOperand filter(String filterName, Object filterValue) {
        return new SearchOperand(
                Objects.requireNonNull(filterName, "filterName"), Objects.requireNonNull(filterValue, "filterValue"));
    }
}
