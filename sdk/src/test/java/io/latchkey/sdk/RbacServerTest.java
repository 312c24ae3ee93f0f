package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.rbac.OrgPolicy;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SDK's RBAC against the real server: cached policies, local checks, authenticateJwt with a check. */
@Tag("server")
class RbacServerTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static B2BClient client;

    static final Policy POLICY = new Policy(
            List.of(
                    new PolicyRole("stytch_member", "", List.of(new PolicyPermission("stytch.self", List.of("*")))),
                    new PolicyRole(
                            "stytch_admin",
                            "",
                            List.of(
                                    new PolicyPermission("stytch.member", List.of("*")),
                                    new PolicyPermission("billing", List.of("read")))),
                    new PolicyRole("billing_admin", "", List.of(new PolicyPermission("billing", List.of("*"))))),
            List.of(new PolicyResource("billing", "", List.of("read", "update"))),
            List.of());

    @BeforeAll
    static void start() {
        server.clock().set(Instant.now());
        server.app().rbacPolicies().set(server.projectId(), POLICY);
        client = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Organization organization() {
        return client.organizations()
                .create(Requests.createOrganization("Org " + unique("n"))
                        .organizationSlug(unique("org"))
                        .emailAllowedDomains("acme.test")
                        .emailJitProvisioning("RESTRICTED")
                        .emailInvites("ALL_ALLOWED")
                        .build())
                .organization();
    }

    /** A logged-in member holding {@code roles}, with a JWT minted after they were given. */
    static String jwtOf(Organization org, String... roles) {
        String email = unique("u") + "@acme.test";
        client.magicLinks()
                .email()
                .loginOrSignup(
                        Requests.loginOrSignup(org.organizationId(), email).build());
        AuthenticateMagicLinkResponse login = client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(new LoginFlow(server).awaitToken(email))
                        .sessionDurationMinutes(60)
                        .build());
        if (roles.length > 0) {
            client.organizations()
                    .members()
                    .update(
                            org.organizationId(),
                            login.memberId(),
                            Requests.updateMember().roles(roles).build());
        }
        return client.sessions()
                .authenticate(
                        Requests.authenticateSessionToken(login.sessionToken()).build())
                .sessionJwt();
    }

    @Test
    void policyIsCachedUntilRefreshed() {
        B2BClient own = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
        assertThat(own.rbac().policy().roles())
                .extracting(PolicyRole::roleId)
                .containsExactly("stytch_member", "stytch_admin", "billing_admin");
        List<PolicyRole> more = new ArrayList<>(POLICY.roles());
        more.add(new PolicyRole("auditor", "", List.of()));
        server.app().rbacPolicies().set(server.projectId(), new Policy(more, POLICY.resources(), POLICY.scopes()));
        try {
            assertThat(own.rbac().policy().roles())
                    .extracting(PolicyRole::roleId)
                    .doesNotContain("auditor");
            assertThat(own.rbac().refreshPolicy().roles())
                    .extracting(PolicyRole::roleId)
                    .contains("auditor");
            assertThat(own.rbac().policy().roles())
                    .extracting(PolicyRole::roleId)
                    .contains("auditor");
        } finally {
            server.app().rbacPolicies().set(server.projectId(), POLICY);
        }
    }

    @Test
    void localAndRemoteChecksOfAuthenticateJwtAgree() {
        Organization org = organization();
        String biller = jwtOf(org, "billing_admin");
        String plain = jwtOf(org);
        AuthorizationCheck update = new AuthorizationCheck(org.organizationId(), "billing", "update");

        JwtAuthentication local = client.sessions().authenticateJwt(biller, 300, update);
        assertThat(local.verifiedLocally()).isTrue();
        assertThat(client.rbac().isAuthorized(local.memberSession(), "billing", "update"))
                .isTrue();
        assertThat(client.rbac().isAuthorized(local.memberSession(), "stytch.member", "delete"))
                .isFalse();
        JwtAuthentication remote = client.sessions().authenticateJwt(biller, 0, update);
        assertThat(remote.verifiedLocally()).isFalse();
        assertThat(remote.remote().verdict().grantingRoles()).containsExactly("billing_admin");

        for (Integer maxAge : new Integer[] {300, 0}) {
            assertThatThrownBy(() -> client.sessions().authenticateJwt(plain, maxAge, update))
                    .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.errorType()).isEqualTo("session_authorization_error");
                    });
            assertThatThrownBy(() -> client.sessions()
                            .authenticateJwt(
                                    biller,
                                    maxAge,
                                    new AuthorizationCheck(organization().organizationId(), "billing", "read")))
                    .isInstanceOfSatisfying(
                            LatchkeyApiException.class,
                            e -> assertThat(e.errorType()).isEqualTo("session_authorization_tenancy_error"));
        }
    }

    @Test
    void organizationRolesAreSetAndUsedByLocalChecks() {
        Organization org = organization();
        OrgPolicy roles = new OrgPolicy(List.of(
                new PolicyRole("auditor", "Reads billing", List.of(new PolicyPermission("billing", List.of("read"))))));
        assertThat(client.rbac().setOrgPolicy(org.organizationId(), roles).orgPolicy())
                .isEqualTo(roles);
        assertThat(client.rbac().getOrgPolicy(org.organizationId()).orgPolicy()).isEqualTo(roles);
        String auditor = jwtOf(org, "auditor");
        JwtAuthentication local = client.sessions()
                .authenticateJwt(auditor, 300, new AuthorizationCheck(org.organizationId(), "billing", "read"));
        assertThat(local.memberSession().roles()).contains("auditor");
        assertThat(client.rbac().isAuthorized(local.memberSession(), "billing", "update"))
                .isFalse();
        assertThatThrownBy(() -> client.rbac()
                        .setOrgPolicy(
                                org.organizationId(),
                                new OrgPolicy(List.of(new PolicyRole("billing_admin", "", List.of())))))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("invalid_role"));
    }
}
