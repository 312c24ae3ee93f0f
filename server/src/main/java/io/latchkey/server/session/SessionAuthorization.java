package io.latchkey.server.session;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.AuthorizationVerdict;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.Permissions;
import io.latchkey.server.rbac.PolicyService;
import java.util.List;
import java.util.Objects;

/**
 * The check the official SDKs make locally, made here: the organization must be the session's
 * (by id or slug), and one of the member's roles, defined by the project policy or the
 * organization, must allow the action on the resource. Thread-safe.
 */
final class SessionAuthorization {
    private final PolicyService policies;

    SessionAuthorization(PolicyService policies) {
        this.policies = Objects.requireNonNull(policies);
    }

    /** Null when there is no check; the verdict when it passes. */
    AuthorizationVerdict authorize(Project project, AuthorizationCheck check, SessionLookup.Loaded loaded) {
        if (check == null) {
            return null;
        }
        if (check.organizationId() == null || check.resourceId() == null || check.action() == null) {
            throw new ApiException(
                    ErrorType.BAD_REQUEST, "authorization_check needs organization_id, resource_id and action.");
        }
        requireSessionOrganization(check.organizationId(), loaded.organization());
        List<String> granting = Permissions.granting(
                policies.current(project.projectId()).roles(),
                PolicyService.organizationRoles(loaded.organization()),
                SessionService.roles(loaded.member(), loaded.record().factors()),
                check.resourceId(),
                check.action());
        if (granting.isEmpty()) {
            throw new ApiException(
                    ErrorType.SESSION_AUTHORIZATION_ERROR,
                    "The Member is not authorized to perform the requested action on that resource.");
        }
        return new AuthorizationVerdict(true, granting);
    }

    /** {@code organizationId} (an id or a slug) must name the session's own organization. */
    static void requireSessionOrganization(String organizationId, Organization org) {
        if (!organizationId.equals(org.organizationId()) && !organizationId.equals(org.organizationSlug())) {
            throw new ApiException(
                    ErrorType.SESSION_AUTHORIZATION_TENANCY_ERROR,
                    "OrganizationID in AuthorizationCheck request does not match session's Organization ID.");
        }
    }
}
