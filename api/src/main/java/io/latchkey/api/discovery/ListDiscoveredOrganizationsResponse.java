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
    String organizationIdHint) {}
