package io.latchkey.api.member;

import io.latchkey.api.search.SearchQuery;
import java.util.List;

/**
 * {@code POST /v1/b2b/organizations/members/search}. {@code organizationIds} (ids, slugs or
 * external ids) is required and non-empty; the rest as for organization search. Without a
 * {@code statuses} filter deleted members are not returned.
 */
public record SearchMembersRequest(List<String> organizationIds, String cursor, Integer limit, SearchQuery query) {}
