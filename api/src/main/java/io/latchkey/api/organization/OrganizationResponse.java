package io.latchkey.api.organization;

/**
 * Response of organizations create, get and update. {@code requestId} and {@code statusCode}
 * are the envelope (the server's web layer fills them); {@code organization} is non-null.
 */
public record OrganizationResponse(String requestId, Organization organization, int statusCode) {
    public OrganizationResponse(Organization organization) {
        this(null, organization, 200);
    }
}
