package io.latchkey.server.rbac;

import io.latchkey.api.rbac.OrgPolicy;
import io.latchkey.api.rbac.Policy;
import io.latchkey.api.rbac.PolicyPermission;
import io.latchkey.api.rbac.PolicyResource;
import io.latchkey.api.rbac.PolicyRole;
import io.latchkey.api.rbac.PolicyScope;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks and normalises policies before they are stored. Every refusal names the offending
 * resource, role, scope or action, since the project policy is written by hand. Stateless.
 */
final class PolicyRules {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:*-]{1,128}");
    private static final int MAX_DESCRIPTION = 1000;
    static final int MAX_ENTRIES = 500;
    private static final int MAX_ACTIONS = 200;

    private PolicyRules() {}

    /**
     * The project's own part of {@code policy}: its custom resources, every role and every scope.
     * Stytch's default resources may be repeated (as the endpoint serves them) but not changed.
     */
    static Policy project(Policy policy) {
        if (policy == null) {
            throw invalid(
                    "The policy is missing; expected {\"roles\": [...], \"resources\": [...], \"scopes\": [...]}.");
        }
        Map<String, Set<String>> actions = new HashMap<>();
        DefaultPolicy.RESOURCES.forEach(r -> actions.put(r.resourceId(), Set.copyOf(r.actions())));
        List<PolicyResource> custom = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (PolicyResource r : list(policy.resources(), "resources")) {
            if (r == null || r.resourceId() == null) {
                throw invalid("Every resource needs a resource_id.");
            }
            String id = r.resourceId();
            if (!seen.add(id)) {
                throw invalid("Resource " + quote(id) + " is listed more than once.");
            }
            PolicyResource stytch = DefaultPolicy.RESOURCES_BY_ID.get(id);
            if (stytch != null) {
                if (r.actions() == null || !Set.copyOf(r.actions()).equals(Set.copyOf(stytch.actions()))) {
                    throw invalid(
                            "Resource " + id + " is one of Stytch's default resources; its actions cannot be changed.");
                }
                continue;
            }
            if (id.startsWith(DefaultPolicy.RESERVED_RESOURCE_PREFIX)) {
                throw invalid("Resource " + quote(id)
                        + ": resource ids starting with \"stytch\" are reserved for Stytch's default resources.");
            }
            requireId(id, "Resource");
            List<String> acts = actions(r.actions(), "Resource " + id);
            custom.add(new PolicyResource(id, description(r.description(), "Resource " + id), acts));
            actions.put(id, Set.copyOf(acts));
        }
        List<PolicyRole> roles = new ArrayList<>();
        Set<String> roleIds = new HashSet<>();
        for (PolicyRole role : list(policy.roles(), "roles")) {
            if (role == null || role.roleId() == null) {
                throw invalid("Every role needs a role_id.");
            }
            String id = role.roleId();
            if (!roleIds.add(id)) {
                throw invalid("Role " + quote(id) + " is listed more than once.");
            }
            if (!DefaultPolicy.isDefaultRole(id) && id.startsWith(DefaultPolicy.RESERVED_ROLE_PREFIX)) {
                throw invalid("Role " + quote(id)
                        + ": role ids starting with \"stytch_\" are reserved for Stytch's default roles.");
            }
            requireId(id, "Role");
            roles.add(new PolicyRole(
                    id,
                    description(role.description(), "Role " + id),
                    permissions(role.permissions(), "Role " + id, actions)));
        }
        for (String required : List.of(DefaultPolicy.MEMBER_ROLE, DefaultPolicy.ADMIN_ROLE)) {
            if (!roleIds.contains(required)) {
                throw invalid("The policy removes the default role " + required
                        + "; Stytch's default roles cannot be removed" + " (their permissions may be changed).");
            }
        }
        List<PolicyScope> scopes = new ArrayList<>();
        Set<String> scopeIds = new HashSet<>();
        for (PolicyScope scope : list(policy.scopes(), "scopes")) {
            if (scope == null || scope.scope() == null) {
                throw invalid("Every scope needs a scope.");
            }
            if (!scopeIds.add(scope.scope())) {
                throw invalid("Scope " + quote(scope.scope()) + " is listed more than once.");
            }
            if (!Text.isPrintable(scope.scope(), 128)
                    || scope.scope().isBlank()
                    || scope.scope().contains(" ")) {
                throw invalid(
                        "Scope " + quote(scope.scope()) + ": scopes are 1-128 printable characters without spaces.");
            }
            scopes.add(new PolicyScope(
                    scope.scope(),
                    description(scope.description(), "Scope " + scope.scope()),
                    permissions(scope.permissions(), "Scope " + scope.scope(), actions)));
        }
        return new Policy(List.copyOf(roles), List.copyOf(custom), List.copyOf(scopes));
    }

    /** An organization's own roles, checked against the project policy they add to. */
    static List<PolicyRole> organization(OrgPolicy orgPolicy, Policy project) {
        if (orgPolicy == null) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "org_policy is required.");
        }
        Map<String, Set<String>> actions = new HashMap<>();
        project.resources().forEach(r -> actions.put(r.resourceId(), Set.copyOf(r.actions())));
        Set<String> projectRoles = new HashSet<>();
        project.roles().forEach(r -> projectRoles.add(r.roleId()));
        List<PolicyRole> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (PolicyRole role : list(orgPolicy.roles(), "org_policy.roles")) {
            if (role == null || role.roleId() == null) {
                throw invalidRole("Every role needs a role_id.");
            }
            String id = role.roleId();
            if (!ids.add(id)) {
                throw invalidRole("Role " + quote(id) + " is listed more than once.");
            }
            if (id.startsWith(DefaultPolicy.RESERVED_ROLE_PREFIX)) {
                throw invalidRole("Role " + quote(id)
                        + ": role ids starting with \"stytch_\" are reserved for Stytch's default roles.");
            }
            if (projectRoles.contains(id)) {
                throw invalidRole("Role " + quote(id) + " is already a role of the project policy.");
            }
            if (!ID.matcher(id).matches()) {
                throw invalidRole("Role " + quote(id) + ": role ids are 1-128 letters, digits, '_', '.', ':' or '-'.");
            }
            try {
                out.add(new PolicyRole(
                        id,
                        description(role.description(), "Role " + id),
                        permissions(role.permissions(), "Role " + id, actions)));
            } catch (ApiException e) {
                throw invalidRole(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<PolicyPermission> permissions(
            List<PolicyPermission> permissions, String owner, Map<String, Set<String>> actions) {
        List<PolicyPermission> out = new ArrayList<>();
        Set<String> resources = new HashSet<>();
        for (PolicyPermission p : list(permissions, owner + " permissions")) {
            if (p == null || p.resourceId() == null) {
                throw invalid(owner + ": every permission needs a resource_id.");
            }
            Set<String> known = actions.get(p.resourceId());
            if (known == null) {
                throw invalid(owner + " refers to the unknown resource " + quote(p.resourceId()) + ".");
            }
            if (!resources.add(p.resourceId())) {
                throw invalid(owner + " lists resource " + p.resourceId() + " more than once.");
            }
            if (p.actions() == null || p.actions().isEmpty()) {
                throw invalid(owner + ": the permission on " + p.resourceId() + " lists no actions.");
            }
            Set<String> acts = new LinkedHashSet<>();
            for (String a : p.actions()) {
                if (a == null || (!a.equals(DefaultPolicy.ALL_ACTIONS) && !known.contains(a))) {
                    throw invalid(owner + " refers to the unknown action " + quote(a) + " on resource " + p.resourceId()
                            + ".");
                }
                acts.add(a);
            }
            out.add(new PolicyPermission(p.resourceId(), List.copyOf(acts)));
        }
        return List.copyOf(out);
    }

    private static List<String> actions(List<String> actions, String owner) {
        if (actions == null || actions.isEmpty()) {
            throw invalid(owner + " lists no actions.");
        }
        if (actions.size() > MAX_ACTIONS) {
            throw invalid(owner + " lists more than " + MAX_ACTIONS + " actions.");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String a : actions) {
            if (DefaultPolicy.ALL_ACTIONS.equals(a)) {
                throw invalid(owner + ": \"*\" stands for all actions in permissions and cannot be an action itself.");
            }
            if (a == null || !ACTION.matcher(a).matches()) {
                throw invalid(owner + ": action " + quote(a) + " is not 1-128 letters, digits, '_', '.', ':' or '-'.");
            }
            if (!out.add(a)) {
                throw invalid(owner + " lists action " + a + " more than once.");
            }
        }
        return List.copyOf(out);
    }

    private static <T> List<T> list(List<T> values, String field) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ENTRIES) {
            throw invalid(field + " has more than " + MAX_ENTRIES + " entries.");
        }
        return values;
    }

    private static String description(String description, String owner) {
        if (description == null) {
            return "";
        }
        if (description.length() > MAX_DESCRIPTION || Text.hasControlCharacters(description)) {
            throw invalid(owner + ": descriptions are at most " + MAX_DESCRIPTION + " printable characters.");
        }
        return description;
    }

    private static void requireId(String id, String kind) {
        if (!ID.matcher(id).matches()) {
            throw invalid(kind + " " + quote(id) + ": ids are 1-128 letters, digits, '_', '.', ':' or '-'.");
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorType.INVALID_ARGUMENT, message);
    }

    private static ApiException invalidRole(String message) {
        return new ApiException(ErrorType.INVALID_ROLE, message);
    }
}
