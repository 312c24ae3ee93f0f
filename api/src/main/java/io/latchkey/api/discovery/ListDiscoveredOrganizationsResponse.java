package io.latchkey.api.discovery;

import java.util.List;

/**
 * The organizations an email can go to. {@code organizationIdHint} names the organization an
 * intermediate session is bound to; null for discovery-born ones and for member sessions.
 */
public record ListDiscoveredOrganizationsResponse(
        String requestId,
        String emailAddress,
        List<DiscoveredOrganization> discoveredOrganizations,
        int statusCode,
        String organizationIdHint) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static ListDiscoveredOrganizationsResponse of(
            String emailAddress, List<DiscoveredOrganization> discoveredOrganizations, String organizationIdHint) {
        return new ListDiscoveredOrganizationsResponse(
                null, emailAddress, discoveredOrganizations, 200, organizationIdHint);
    }
}
