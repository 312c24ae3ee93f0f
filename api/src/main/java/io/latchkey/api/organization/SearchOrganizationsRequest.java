package io.latchkey.api.organization;

import io.latchkey.api.search.SearchQuery;

/**
 * {@code POST /v1/b2b/organizations/search}. All fields optional: no query matches every
 * organization; {@code limit} defaults to 100 (at most 1000); {@code cursor} is a previous
 * response's {@code next_cursor}.
 */
public record SearchOrganizationsRequest(String cursor, Integer limit, SearchQuery query) {}
