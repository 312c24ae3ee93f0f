package io.latchkey.sdk;

import io.latchkey.api.rbac.OrgPolicy;
import io.latchkey.api.rbac.OrgPolicyResponse;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResponse;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.api.rbac.SetOrgPolicyRequest;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.MemberSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Role-based access control: the project policy ({@code GET /v1/b2b/rbac/policy}) and
 * organizations' own roles ({@code /v1/b2b/rbac/organizations/{organization_id}}), and the local
 * permission check the official SDKs make with them.
 *
 * <p>{@link #policy()} and {@link #orgPolicy} are cached and fetched again once older than the
 * client's {@link B2BClient.Builder#rbacPolicyRefreshInterval refresh interval} (5 minutes by
 * default, as the official SDKs do), so a local check costs no call while they are fresh; {@link
 * #refreshPolicy()} fetches at once. Thread-safe; obtain it from {@link B2BClient#rbac()}.
 */
public final class Rbac {
    private static final String BASE = "/v1/b2b/rbac";
    private static final String ALL_ACTIONS = "*";

    private final Transport transport;
    private final Clock clock;
    private final Duration refreshInterval;
    private volatile Cached<Policy> policy;
    private final Map<String, Cached<OrgPolicy>> orgPolicies = new ConcurrentHashMap<>();

    private record Cached<T>(T value, Instant fetchedAt) {}

    Rbac(Transport transport, Clock clock, Duration refreshInterval) {
        this.transport = transport;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    /** The project policy, from the cache while it is fresh. @throws LatchkeyException when it must be fetched and cannot be */
    public Policy policy() {
        Cached<Policy> cached = policy;
        if (cached != null && fresh(cached.fetchedAt())) {
            return cached.value();
        }
        return refreshPolicy();
    }

    /** Fetches the project policy now and caches it. */
    public Policy refreshPolicy() {
        Policy fetched = Transport.await(transport.get(BASE + "/policy", Map.of(), PolicyResponse.class))
                .policy();
        policy = new Cached<>(fetched, clock.instant());
        return fetched;
    }

    /** The organization's own roles, from the cache while fresh. */
    public OrgPolicy orgPolicy(String organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        Cached<OrgPolicy> cached = orgPolicies.get(organizationId);
        if (cached != null && fresh(cached.fetchedAt())) {
            return cached.value();
        }
        OrgPolicy fetched = getOrgPolicy(organizationId).orgPolicy();
        orgPolicies.put(organizationId, new Cached<>(fetched, clock.instant()));
        return fetched;
    }

    /** {@code GET /v1/b2b/rbac/organizations/{organization_id}}, always from the server. */
    public OrgPolicyResponse getOrgPolicy(String organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        return Transport.await(transport.get(
                BASE + "/organizations/" + Transport.segment(organizationId), Map.of(), OrgPolicyResponse.class));
    }

    /**
     * {@code PUT /v1/b2b/rbac/organizations/{organization_id}}: replaces the organization's own
     * roles; this client's cached copy is replaced with the answer.
     *
     * @throws LatchkeyApiException {@code invalid_role} naming the problem, {@code organization_not_found}
     */
    public OrgPolicyResponse setOrgPolicy(String organizationId, OrgPolicy orgPolicy) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(orgPolicy, "orgPolicy");
        OrgPolicyResponse response = Transport.await(transport.call(
                "PUT",
                BASE + "/organizations/" + Transport.segment(organizationId),
                new SetOrgPolicyRequest(organizationId, orgPolicy),
                OrgPolicyResponse.class));
        orgPolicies.put(organizationId, new Cached<>(response.orgPolicy(), clock.instant()));
        return response;
    }

    /**
     * Whether the session's roles allow {@code action} on {@code resourceId} in the session's own
     * organization, decided locally with the cached policies (fetched when stale). The same rule
     * as the server's {@code authorization_check}.
     */
    public boolean isAuthorized(MemberSession session, String resourceId, String action) {
        Objects.requireNonNull(session, "session");
        return allows(
                policy().roles(), orgPolicy(session.organizationId()).roles(), session.roles(), resourceId, action);
    }

    /**
     * Throws unless {@code check} passes for the session, with the errors the server would answer.
     *
     * @throws LatchkeyApiException {@code session_authorization_tenancy_error} (403) when the check
     *     names another organization, {@code session_authorization_error} (403) when no role allows it
     */
    public void requireAuthorized(MemberSession session, AuthorizationCheck check) {
        Objects.requireNonNull(check, "check");
        if (!session.organizationId().equals(check.organizationId())) {
            throw new LatchkeyApiException(
                    403,
                    "session_authorization_tenancy_error",
                    "OrganizationID in AuthorizationCheck request does not match session's Organization ID.",
                    null,
                    null,
                    null);
        }
        if (!isAuthorized(session, check.resourceId(), check.action())) {
            throw new LatchkeyApiException(
                    403,
                    "session_authorization_error",
                    "The Member is not authorized to perform the requested action on that resource.",
                    null,
                    null,
                    null);
        }
    }

    /**
     * The rule itself, as the official SDKs apply it: a held role defined by the project or the
     * organization allows the action when one of its permissions names the resource and lists the
     * action or {@code *}. Pure; any list may be empty, none null.
     */
    public static boolean allows(
            List<PolicyRole> projectRoles,
            List<PolicyRole> organizationRoles,
            Collection<String> heldRoles,
            String resourceId,
            String action) {
        return allowsAny(projectRoles, heldRoles, resourceId, action)
                || allowsAny(organizationRoles, heldRoles, resourceId, action);
    }

    private static boolean allowsAny(
            List<PolicyRole> roles, Collection<String> held, String resourceId, String action) {
        for (PolicyRole role : roles) {
            if (!held.contains(role.roleId())) {
                continue;
            }
            for (PolicyPermission p : role.permissions()) {
                if (p.resourceId().equals(resourceId)
                        && (p.actions().contains(action) || p.actions().contains(ALL_ACTIONS))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean fresh(Instant fetchedAt) {
        return clock.instant().isBefore(fetchedAt.plus(refreshInterval));
    }
}
