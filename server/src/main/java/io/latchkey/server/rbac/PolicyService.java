package io.latchkey.server.rbac;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.api.organization.CustomRole;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The project RBAC policy: Stytch's default resources and roles plus the project's own, read by
 * {@code GET /v1/b2b/rbac/policy}, written by the command line. Thread-safe.
 *
 * <p>Authorization checks read the policy on the hot path, so each node keeps it for {@link
 * #REFRESH}: a change written on this node applies at once, one written elsewhere (another node,
 * or the command line against the same database) within that interval. The official SDKs cache
 * it for five minutes anyway.
 */
public final class PolicyService implements RoleCatalog {
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** Policies are a few KiB; bounded by projects checked within {@link #REFRESH} on one node. */
    static final int CACHE_SIZE = 10_000;

    private final Database db;
    private final RbacStore store;
    private final Clock clock;
    private final Cache<String, Policy> cache = Caffeine.newBuilder()
            .maximumSize(CACHE_SIZE)
            .expireAfterWrite(REFRESH)
            .build();

    public PolicyService(Database db, RbacStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** The project's whole policy, read afresh (the endpoint and the command line). */
    public Policy get(String projectId) {
        Policy policy = db.read(tx -> effective(store.find(tx, projectId).orElse(null)));
        cache.put(projectId, policy);
        return policy;
    }

    /** The project's whole policy as this node currently knows it, read in a transaction of its own when not. */
    public Policy current(String projectId) {
        Policy cached = cache.getIfPresent(projectId);
        return cached != null ? cached : get(projectId);
    }

    /** The project's whole policy as this node currently knows it, read in {@code tx} when not. */
    public Policy get(Tx tx, String projectId) {
        Policy cached = cache.getIfPresent(projectId);
        if (cached != null) {
            return cached;
        }
        Policy policy = effective(store.find(tx, projectId).orElse(null));
        cache.put(projectId, policy);
        return policy;
    }

    /**
     * Replaces the project's policy with {@code policy} (the JSON the endpoint serves; Stytch's
     * default resources may be left out or repeated unchanged). Returns the whole new policy.
     *
     * @throws ApiException invalid_argument naming the problem: an unknown resource or action, a
     *     removed default role, a changed default resource, a reserved or duplicate id
     */
    public Policy set(String projectId, Policy policy) {
        Policy own = PolicyRules.project(policy);
        db.useTransaction(tx -> store.put(tx, projectId, own, clock.instant()));
        Policy effective = effective(own);
        cache.put(projectId, effective);
        return effective;
    }

    @Override
    public void requireKnown(Tx tx, Project project, Organization organization, Collection<String> roleIds) {
        if (roleIds.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        get(tx, project.projectId()).roles().forEach(r -> known.add(r.roleId()));
        if (organization != null) {
            organization.customRoles().forEach(r -> known.add(r.roleId()));
        }
        for (String id : roleIds) {
            if (!known.contains(id)) {
                throw new ApiException(
                        ErrorType.INVALID_ROLE,
                        "Role " + id + " is not a role of the project's RBAC policy or of the organization.");
            }
        }
    }

    /** The organization's own roles as policy roles. */
    public static List<PolicyRole> organizationRoles(Organization organization) {
        List<PolicyRole> out = new ArrayList<>(organization.customRoles().size());
        for (CustomRole r : organization.customRoles()) {
            out.add(new PolicyRole(
                    r.roleId(),
                    r.description(),
                    r.permissions().stream()
                            .map(p -> new io.latchkey.api.rbac.PolicyPermission(p.resourceId(), p.actions()))
                            .toList()));
        }
        return out;
    }

    /** The whole policy from the project's own part (null: none set): defaults first. */
    static Policy effective(Policy own) {
        if (own == null) {
            return new Policy(DefaultPolicy.ROLES, DefaultPolicy.RESOURCES, List.of());
        }
        List<PolicyResource> resources = new ArrayList<>(DefaultPolicy.RESOURCES);
        resources.addAll(own.resources());
        return new Policy(own.roles(), List.copyOf(resources), own.scopes());
    }
}
