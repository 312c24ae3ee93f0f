package io.latchkey.server.rbac;

import io.latchkey.api.organization.CustomRole;
import io.latchkey.api.organization.CustomRolePermission;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.rbac.OrgPolicy;
import io.latchkey.api.rbac.OrgPolicyResponse;
import io.latchkey.api.rbac.PolicyResponse;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.api.rbac.SetOrgPolicyRequest;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import java.util.List;

/**
 * The RBAC API: the project policy and organizations' own roles ({@code custom_roles}).
 * Thread-safe.
 */
public final class OrgPolicyService {
    private final Database db;
    private final PolicyService policies;
    private final OrganizationService organizations;

    public OrgPolicyService(Database db, PolicyService policies, OrganizationService organizations) {
        this.db = db;
        this.policies = policies;
        this.organizations = organizations;
    }

    /** {@code GET /v1/b2b/rbac/policy}. */
    public PolicyResponse policy(Project project) {
        return new PolicyResponse(policies.get(project.projectId()));
    }

    /** {@code GET /v1/b2b/rbac/organizations/{organization_id}}. */
    public OrgPolicyResponse get(Project project, String organizationRef) {
        Organization org = organizations.get(project, organizationRef);
        return new OrgPolicyResponse(new OrgPolicy(PolicyService.organizationRoles(org)));
    }

    /**
     * {@code PUT /v1/b2b/rbac/organizations/{organization_id}}: replaces the organization's own
     * roles. They may use the project's resources, and may not reuse a project role's id.
     *
     * @throws io.latchkey.server.core.ApiException invalid_role naming the problem,
     *     organization_not_found
     */
    public OrgPolicyResponse set(Project project, String organizationRef, SetOrgPolicyRequest request) {
        OrgPolicy orgPolicy = request == null ? null : request.orgPolicy();
        List<PolicyRole> roles = PolicyRules.organization(orgPolicy, policies.get(project.projectId()));
        List<CustomRole> custom = roles.stream()
                .map(r -> new CustomRole(
                        r.roleId(),
                        r.description(),
                        r.permissions().stream()
                                .map(p -> new CustomRolePermission(p.resourceId(), p.actions()))
                                .toList()))
                .toList();
        Organization org = db.inTransaction(tx -> organizations.setCustomRoles(tx, project, organizationRef, custom));
        return new OrgPolicyResponse(new OrgPolicy(PolicyService.organizationRoles(org)));
    }
}
