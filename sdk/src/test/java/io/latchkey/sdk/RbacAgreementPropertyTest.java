package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.rbac.OrgPolicy;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.MemberSession;
import io.latchkey.sdk.request.Requests;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Property: for random policies, organization roles, member roles, resources and actions, the
 * SDK's local check ({@link Rbac#allows}, fed the policies as the server serves them) and the
 * server's {@code authorization_check} always agree. The seed is printed and can be fixed with
 * {@code -Dlatchkey.rbac.seed=...} to replay a failure.
 */
@Tag("server")
class RbacAgreementPropertyTest {
    static final int TRIALS = 25;
    static final int CHECKS_PER_MEMBER = 10;
    static final List<String> ACTIONS = List.of("read", "update", "delete", "share", "export");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static B2BClient client;
    static Organization org;
    static final List<AuthenticateMagicLinkResponse> members = new ArrayList<>();

    @BeforeAll
    static void start() {
        server.clock().set(Instant.now());
        client = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
        org = client.organizations()
                .create(Requests.createOrganization("Property")
                        .organizationSlug(
                                "property-" + UUID.randomUUID().toString().substring(0, 8))
                        .emailAllowedDomains("acme.test")
                        .emailJitProvisioning("RESTRICTED")
                        .build())
                .organization();
        for (int i = 0; i < 3; i++) {
            String email = "m" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@acme.test";
            client.magicLinks()
                    .email()
                    .loginOrSignup(
                            Requests.loginOrSignup(org.organizationId(), email).build());
            members.add(client.magicLinks()
                    .authenticate(Requests.authenticateMagicLink(new LoginFlow(server).awaitToken(email))
                            .sessionDurationMinutes(60)
                            .build()));
        }
    }

    @Test
    void theSdksLocalCheckAndTheServersCheckAgree() {
        long seed = Long.getLong("latchkey.rbac.seed", System.nanoTime());
        System.out.println("RbacAgreementPropertyTest seed " + seed);
        Random random = new Random(seed);
        int allowed = 0;
        int denied = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            List<PolicyResource> resources = new ArrayList<>();
            for (int r = 0; r < 1 + random.nextInt(4); r++) {
                resources.add(new PolicyResource("res" + r, "", subset(random, ACTIONS, 1)));
            }
            List<PolicyResource> all = new ArrayList<>(resources);
            all.add(new PolicyResource("stytch.member", "", List.of("create", "search", "delete")));
            all.add(new PolicyResource("stytch.self", "", List.of("update.info.name", "delete")));
            List<PolicyRole> roles = new ArrayList<>();
            roles.add(new PolicyRole("stytch_member", "", permissions(random, all)));
            roles.add(new PolicyRole("stytch_admin", "", permissions(random, all)));
            for (int c = 0; c < random.nextInt(5); c++) {
                roles.add(new PolicyRole("role" + c, "", permissions(random, all)));
            }
            server.app().rbacPolicies().set(server.projectId(), new Policy(roles, resources, List.of()));
            List<PolicyRole> orgRoles = new ArrayList<>();
            for (int o = 0; o < random.nextInt(3); o++) {
                orgRoles.add(new PolicyRole("org_role" + o, "", permissions(random, all)));
            }
            client.rbac().setOrgPolicy(org.organizationId(), new OrgPolicy(orgRoles));
            Policy served = client.rbac().refreshPolicy();
            OrgPolicy servedOrg =
                    client.rbac().getOrgPolicy(org.organizationId()).orgPolicy();

            List<String> assignable = new ArrayList<>(List.of("stytch_admin"));
            served.roles().stream()
                    .map(PolicyRole::roleId)
                    .filter(id -> !id.startsWith("stytch_"))
                    .forEach(assignable::add);
            orgRoles.forEach(r -> assignable.add(r.roleId()));
            for (AuthenticateMagicLinkResponse m : members) {
                List<String> held = subset(random, assignable, 0);
                client.organizations()
                        .members()
                        .update(
                                org.organizationId(),
                                m.memberId(),
                                Requests.updateMember()
                                        .roles(held.isEmpty() ? List.of("stytch_member") : held)
                                        .build());
                MemberSession session = client.sessions()
                        .authenticate(Requests.authenticateSessionToken(m.sessionToken())
                                .build())
                        .memberSession();
                for (int k = 0; k < CHECKS_PER_MEMBER; k++) {
                    String resource = random.nextInt(8) == 0
                            ? "unknown"
                            : all.get(random.nextInt(all.size())).resourceId();
                    String action = random.nextInt(6) == 0 ? "*" : ACTIONS.get(random.nextInt(ACTIONS.size()));
                    if (resource.startsWith("stytch.") && random.nextBoolean()) {
                        action = resource.equals("stytch.self") ? "update.info.name" : "search";
                    }
                    boolean local = Rbac.allows(served.roles(), servedOrg.roles(), session.roles(), resource, action);
                    boolean remote;
                    try {
                        client.sessions()
                                .authenticate(Requests.authenticateSessionToken(m.sessionToken())
                                        .authorizationCheck(
                                                new AuthorizationCheck(org.organizationId(), resource, action))
                                        .build());
                        remote = true;
                    } catch (LatchkeyApiException e) {
                        assertThat(e.errorType()).isEqualTo("session_authorization_error");
                        remote = false;
                    }
                    assertThat(local)
                            .as(
                                    "seed %d trial %d: roles %s, %s on %s; policy %s; org roles %s",
                                    seed, trial, session.roles(), action, resource, served.roles(), servedOrg.roles())
                            .isEqualTo(remote);
                    if (remote) {
                        allowed++;
                    } else {
                        denied++;
                    }
                }
            }
        }
        // Both outcomes were exercised, or the property says little.
        assertThat(allowed).isPositive();
        assertThat(denied).isPositive();
    }

    static List<PolicyPermission> permissions(Random random, List<PolicyResource> resources) {
        List<PolicyPermission> out = new ArrayList<>();
        for (PolicyResource r : resources) {
            if (random.nextInt(3) == 0) {
                out.add(new PolicyPermission(
                        r.resourceId(), random.nextInt(4) == 0 ? List.of("*") : subset(random, r.actions(), 1)));
            }
        }
        return out;
    }

    static List<String> subset(Random random, List<String> values, int atLeast) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (random.nextBoolean()) {
                out.add(v);
            }
        }
        while (out.size() < atLeast) {
            String v = values.get(random.nextInt(values.size()));
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
