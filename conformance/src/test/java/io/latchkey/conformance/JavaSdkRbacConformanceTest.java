package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static io.latchkey.conformance.Requests.memberUpdate;
import static io.latchkey.conformance.Requests.organizationUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.rbac.OrgPolicy;
import com.stytch.java.b2b.models.rbac.Policy;
import com.stytch.java.b2b.models.rbac.PolicyRequest;
import com.stytch.java.b2b.models.rbac.PolicyRole;
import com.stytch.java.b2b.models.rbac.PolicyRolePermission;
import com.stytch.java.b2b.models.rbacorganizations.GetOrgPolicyRequest;
import com.stytch.java.b2b.models.rbacorganizations.SetOrgPolicyRequest;
import com.stytch.java.b2b.models.sessions.AuthenticateRequest;
import com.stytch.java.b2b.models.sessions.AuthorizationCheck;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.common.PermissionException;
import com.stytch.java.common.StytchResult;
import com.stytch.java.common.TenancyException;
import com.stytch.java.common.methodoptions.Authorization;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every RBAC call of the official Java SDK, its remote and local authorization checks and the member-session headers. */
class JavaSdkRbacConformanceTest extends JavaSdkMagicLinkTestBase {
    @Override
    protected Mailbox mailbox() {
        return Mailbox.devMailbox(server.baseUrl());
    }

    private AuthenticateResponse member(String organizationId, List<String> roles) {
        AuthenticateResponse login = signUp(stytch, organizationId, Unique.emailIn("rbac.example"));
        if (!roles.isEmpty()) {
            ok(stytch.getOrganizations()
                    .getMembers()
                    .updateCompletable(
                            memberUpdate(organizationId, login.getMemberId())
                                    .roles(roles)
                                    .build(),
                            new com.stytch.java.b2b.models.organizationsmembers.UpdateRequestOptions()));
        }
        return login;
    }

    /**
     * The local check's failure and its causes. The SDK reports a refused check as a
     * StytchException.Critical whose reason (a JwtError) holds the PermissionException or
     * TenancyException, shown in its text rather than as a cause.
     */
    private static List<Throwable> causes(CompletableFuture<? extends StytchResult<?>> call) {
        List<Throwable> out = new ArrayList<>();
        try {
            StytchResult<?> result = call.get();
            if (result instanceof StytchResult.Error error) {
                for (Throwable t = error.getException(); t != null; t = t.getCause()) {
                    out.add(t);
                }
            }
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void policyServesStytchsDefaultsAndTheProjectsOwnInTheSdksTypes() {
        Policy policy =
                ok(stytch.getRbac().policyCompletable(new PolicyRequest())).getPolicy();
        assertThat(policy.getRoles())
                .extracting(PolicyRole::getRoleId)
                .containsExactly("stytch_member", "stytch_admin", "billing_admin", "editor");
        assertThat(policy.getResources())
                .extracting(r -> r.getResourceId())
                .contains("stytch.organization", "stytch.member", "stytch.self", "billing");
        assertThat(policy.getScopes()).isEmpty();
    }

    @Test
    void organizationPolicyRoundTripsAndRefusesAnUnknownResource() {
        Organization org = organizationAllowing("rbac.example");
        String id = org.getOrganizationId();
        assertThat(ok(stytch.getRbac().getOrganizations().getOrgPolicyCompletable(new GetOrgPolicyRequest(id)))
                        .getOrgPolicy()
                        .getRoles())
                .isEmpty();
        OrgPolicy wanted = new OrgPolicy(List.of(new PolicyRole(
                "auditor", "Reads invoices", List.of(new PolicyRolePermission("billing", List.of("read"))))));
        OrgPolicy set = ok(stytch.getRbac()
                        .getOrganizations()
                        .setOrgPolicyCompletable(new SetOrgPolicyRequest(id, wanted)))
                .getOrgPolicy();
        assertThat(set).isEqualTo(wanted);
        assertThat(ok(stytch.getRbac().getOrganizations().getOrgPolicyCompletable(new GetOrgPolicyRequest(id)))
                        .getOrgPolicy())
                .isEqualTo(wanted);
        assertApiError(
                stytch.getRbac()
                        .getOrganizations()
                        .setOrgPolicyCompletable(new SetOrgPolicyRequest(
                                id,
                                new OrgPolicy(List.of(new PolicyRole(
                                        "r", "", List.of(new PolicyRolePermission("documents", List.of("read")))))))),
                400,
                "invalid_role");
    }

    @Test
    void authorizationChecksRemoteAndLocalAgree() {
        Organization org = organizationAllowing("rbac.example");
        String orgId = org.getOrganizationId();
        AuthenticateResponse biller = member(orgId, List.of("billing_admin"));
        AuthenticateResponse plain = member(orgId, List.of());
        // A fresh login carries the roles in its JWT: authenticate again after the role change.
        String billerJwt = ok(stytch.getSessions()
                        .authenticateCompletable(
                                new AuthenticateRequest(biller.getSessionToken(), null, null, null, null)))
                .getSessionJWT();
        AuthorizationCheck cancel = new AuthorizationCheck(orgId, "billing", "cancel");

        var remote = ok(stytch.getSessions()
                .authenticateCompletable(new AuthenticateRequest(biller.getSessionToken(), null, null, null, cancel)));
        assertThat(remote.getVerdict()).isNotNull();
        assertThat(remote.getVerdict().getAuthorized()).isTrue();
        assertThat(remote.getVerdict().getGrantingRoles()).containsExactly("billing_admin");
        assertApiError(
                stytch.getSessions()
                        .authenticateCompletable(
                                new AuthenticateRequest(plain.getSessionToken(), null, null, null, cancel)),
                403,
                "session_authorization_error");
        assertApiError(
                stytch.getSessions()
                        .authenticateCompletable(new AuthenticateRequest(
                                plain.getSessionToken(),
                                null,
                                null,
                                null,
                                new AuthorizationCheck(createOrganization().getOrganizationId(), "billing", "read"))),
                403,
                "session_authorization_tenancy_error");

        MemberSession local = ok(stytch.getSessions().authenticateJwtLocalCompletable(billerJwt, null, cancel, 0));
        assertThat(local.getRoles()).contains("billing_admin");
        assertThat(causes(stytch.getSessions().authenticateJwtLocalCompletable(plain.getSessionJWT(), null, cancel, 0)))
                .anyMatch(t -> t instanceof PermissionException
                        || String.valueOf(t).contains(PermissionException.class.getName()));
        assertThat(causes(stytch.getSessions()
                        .authenticateJwtLocalCompletable(
                                billerJwt,
                                null,
                                new AuthorizationCheck(
                                        "organization-test-00000000-0000-4000-8000-000000000000", "billing", "read"),
                                0)))
                .anyMatch(t ->
                        t instanceof TenancyException || String.valueOf(t).contains(TenancyException.class.getName()));
        assertThat(ok(stytch.getSessions().authenticateJwtCompletable(billerJwt, 60, cancel))
                        .getMemberId())
                .isEqualTo(biller.getMemberId());
    }

    @Test
    void memberSessionHeadersAuthorizeWhatTheRolesAllow() {
        Organization org = organizationAllowing("rbac.example");
        String orgId = org.getOrganizationId();
        AuthenticateResponse admin = member(orgId, List.of("stytch_admin"));
        AuthenticateResponse plain = member(orgId, List.of());
        var asPlain = new com.stytch.java.b2b.models.organizationsmembers.UpdateRequestOptions(
                new Authorization(plain.getSessionToken(), null));
        ok(stytch.getOrganizations()
                .getMembers()
                .updateCompletable(
                        memberUpdate(orgId, plain.getMemberId()).name("Myself").build(), asPlain));
        assertApiError(
                stytch.getOrganizations()
                        .getMembers()
                        .updateCompletable(
                                memberUpdate(orgId, admin.getMemberId())
                                        .name("Not mine")
                                        .build(),
                                asPlain),
                403,
                "session_authorization_error");
        assertApiError(
                stytch.getOrganizations()
                        .updateCompletable(
                                organizationUpdate(orgId).name("Mine").build(),
                                new com.stytch.java.b2b.models.organizations.UpdateRequestOptions(
                                        new Authorization(plain.getSessionToken(), null))),
                403,
                "session_authorization_error");
        var renamed = ok(stytch.getOrganizations()
                .updateCompletable(
                        organizationUpdate(orgId).name("By the admin").build(),
                        new com.stytch.java.b2b.models.organizations.UpdateRequestOptions(
                                new Authorization(null, admin.getSessionJWT()))));
        assertThat(renamed.getOrganization().getOrganizationName()).isEqualTo("By the admin");
    }
}
