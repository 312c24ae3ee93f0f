package io.latchkey.server.sso;

import io.latchkey.api.sso.ConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.GroupImplicitRoleAssignment;
import io.latchkey.api.sso.SAMLConnectionImplicitRoleAssignment;
import io.latchkey.api.sso.SAMLGroupImplicitRoleAssignment;
import io.latchkey.server.member.SsoRoleGrant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles a SAML connection gives the member logging in: its
 * {@code saml_connection_implicit_role_assignments}, and each
 * {@code saml_group_implicit_role_assignments} whose group is among the groups the assertion named
 * (through {@code attribute_mapping.groups}). Stateless.
 */
final class SamlRoleGrants {
    private SamlRoleGrants() {}

    static List<SsoRoleGrant> of(SsoConnection c, Map<String, Object> loginAttributes) {
        SamlConfig s = c.saml();
        List<SsoRoleGrant> out = new ArrayList<>();
        for (SAMLConnectionImplicitRoleAssignment a : s.connectionRoles()) {
            out.add(new SsoRoleGrant(a.roleId(), c.connectionId(), null));
        }
        Set<String> groups = groups(loginAttributes.get("groups"));
        for (SAMLGroupImplicitRoleAssignment a : s.groupRoles()) {
            if (groups.contains(a.group())) {
                out.add(new SsoRoleGrant(a.roleId(), c.connectionId(), a.group()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The roles an external connection whose source is a SAML connection gives: its own
     * {@code external_connection_implicit_role_assignments} and, for the groups the source's
     * assertion named, its {@code external_group_implicit_role_assignments}; granted in the name of
     * the external connection, which is the one the member's session names.
     */
    static List<SsoRoleGrant> ofExternal(
            String externalConnectionId, ExternalConfig config, Map<String, Object> loginAttributes) {
        List<SsoRoleGrant> out = new ArrayList<>();
        for (ConnectionImplicitRoleAssignment a : config.connectionImplicitRoleAssignments()) {
            out.add(new SsoRoleGrant(a.roleId(), externalConnectionId, null));
        }
        Set<String> groups = groups(loginAttributes.get("groups"));
        for (GroupImplicitRoleAssignment a : config.groupImplicitRoleAssignments()) {
            if (groups.contains(a.group())) {
                out.add(new SsoRoleGrant(a.roleId(), externalConnectionId, a.group()));
            }
        }
        return List.copyOf(out);
    }

    private static Set<String> groups(Object value) {
        Set<String> out = new java.util.HashSet<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String g) {
                    out.add(g);
                }
            }
        }
        return out;
    }
}
