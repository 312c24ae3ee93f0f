package io.latchkey.server.organization;

import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Domains;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.RoleIds;
import io.latchkey.server.core.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of the list and map settings of an organization (domains, role assignments, connection
 * and app references, OAuth tenants): each checked and normalised whole. Stateless.
 */
final class OrganizationListRules {
    private static final Set<String> OAUTH_TENANT_PROVIDERS = Set.of("slack", "hubspot", "github");
    private static final int MAX_LIST = 1000;
    private static final int MAX_REFERENCE = 128;

    private OrganizationListRules() {}

    static List<String> subset(List<String> values, Set<String> allowed, ErrorType error, String field) {
        checkSize(values, field);
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            if (v == null || !allowed.contains(v) || !seen.add(v)) {
                throw new ApiException(
                        error, field + " must hold distinct values of " + String.join(", ", sorted(allowed)) + ".");
            }
        }
        return List.copyOf(values);
    }

    /** Domains, lower-cased with a leading '@' dropped, each valid, not a public provider, distinct. */
    static List<String> domains(List<String> values, String field) {
        checkSize(values, field);
        List<String> out = new ArrayList<>();
        for (String raw : values) {
            if (raw == null || Text.hasControlCharacters(raw)) {
                throw new ApiException(
                        ErrorType.ORGANIZATION_SETTINGS_INVALID_DOMAIN, field + " holds an invalid domain.");
            }
            out.add(domain(raw, field));
        }
        if (new HashSet<>(out).size() != out.size()) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SETTINGS_DUPLICATE_DOMAIN, field + " lists a domain more than once.");
        }
        return List.copyOf(out);
    }

    static String domain(String raw, String field) {
        String domain = Domains.normalize(raw);
        if (!Domains.isValid(domain)) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SETTINGS_INVALID_DOMAIN,
                    field + " holds an invalid domain: " + printable(raw) + ".");
        }
        if (Domains.isTooCommon(domain)) {
            throw new ApiException(
                    ErrorType.ORGANIZATION_SETTINGS_DOMAIN_TOO_COMMON,
                    field + " may not hold a public email provider's domain: " + domain + ".");
        }
        return domain;
    }

    static List<String> references(List<String> values, String field) {
        checkSize(values, field);
        Set<String> seen = new HashSet<>();
        for (String v : values) {
            reference(v, field);
            if (!seen.add(v)) {
                throw new ApiException(
                        ErrorType.INVALID_ORGANIZATION_SETTING, field + " lists a value more than once.");
            }
        }
        return List.copyOf(values);
    }

    static String reference(String value, String field) {
        if (!Text.isPrintable(value, MAX_REFERENCE) || value.isBlank()) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_SETTING,
                    field + " values must be 1-" + MAX_REFERENCE + " printable characters.");
        }
        return value;
    }

    static List<EmailImplicitRoleAssignment> roleAssignments(List<EmailImplicitRoleAssignment> values) {
        checkSize(values, "rbac_email_implicit_role_assignments");
        List<EmailImplicitRoleAssignment> out = new ArrayList<>();
        for (EmailImplicitRoleAssignment a : values) {
            if (a == null || a.domain() == null || a.roleId() == null) {
                throw new ApiException(
                        ErrorType.INVALID_ORGANIZATION_SETTING,
                        "rbac_email_implicit_role_assignments entries need a domain and a role_id.");
            }
            String domain = domain(a.domain(), "rbac_email_implicit_role_assignments");
            EmailImplicitRoleAssignment normalised =
                    new EmailImplicitRoleAssignment(domain, RoleIds.requireAssignable(a.roleId()));
            if (out.contains(normalised)) {
                throw new ApiException(
                        ErrorType.INVALID_ORGANIZATION_SETTING,
                        "rbac_email_implicit_role_assignments lists a domain and role pair more than once.");
            }
            out.add(normalised);
        }
        return List.copyOf(out);
    }

    static Map<String, List<String>> oauthTenants(Map<String, List<String>> tenants) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : tenants.entrySet()) {
            if (!OAUTH_TENANT_PROVIDERS.contains(e.getKey())) {
                throw new ApiException(
                        ErrorType.INVALID_ORGANIZATION_SETTING,
                        "allowed_oauth_tenants keys must be slack, hubspot or github.");
            }
            if (e.getValue() == null) {
                throw new ApiException(
                        ErrorType.INVALID_ORGANIZATION_SETTING,
                        "allowed_oauth_tenants values must be arrays of tenant ids.");
            }
            out.put(e.getKey(), references(e.getValue(), "allowed_oauth_tenants." + e.getKey()));
        }
        return out;
    }

    static void checkSize(List<?> values, String field) {
        if (values.size() > MAX_LIST) {
            throw new ApiException(
                    ErrorType.INVALID_ORGANIZATION_SETTING, field + " may hold at most " + MAX_LIST + " values.");
        }
    }

    static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    static String printable(String s) {
        return Text.isPrintable(s, 253) ? s : "(unprintable)";
    }
}
