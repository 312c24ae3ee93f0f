package io.latchkey.api.member;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.search.ResultsMetadata;
import java.util.List;
import java.util.Map;

/**
 * Response of members search: one page of members and, keyed by organization_id, every
 * organization those members belong to.
 */
public record SearchMembersResponse(
        String requestId,
        List<Member> members,
        ResultsMetadata resultsMetadata,
        Map<String, Organization> organizations,
        int statusCode) {
    public SearchMembersResponse(
            List<Member> members, ResultsMetadata resultsMetadata, Map<String, Organization> organizations) {
        this(null, members, resultsMetadata, organizations, 200);
    }
}
