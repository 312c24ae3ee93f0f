package io.latchkey.api.organization;

/** Response of organizations delete; {@code organizationId} is the deleted organization's id. */
public record DeleteOrganizationResponse(String requestId, String organizationId, int statusCode) {
    public DeleteOrganizationResponse(String organizationId) {
        this(null, organizationId, 200);
    }
}
