package io.latchkey.api.organization;

import io.latchkey.api.search.ResultsMetadata;
import java.util.List;

/** Response of organizations search: one page of matches, oldest first. */
public record SearchOrganizationsResponse(
        String requestId, List<Organization> organizations, ResultsMetadata resultsMetadata, int statusCode) {
    public SearchOrganizationsResponse(List<Organization> organizations, ResultsMetadata resultsMetadata) {
        this(null, organizations, resultsMetadata, 200);
    }
}
