package io.latchkey.server.session;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberRole;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The roles a session holds, as authorization checks and the session's answers see them. Stateless. */
final class SessionRoles {
    private SessionRoles() {}

    /**
     * The session's effective roles: every member holds stytch_member, plus its assigned roles. A
     * role the member holds only through an SSO connection (sources {@code sso_connection},
     * {@code sso_connection_group}) counts only when the session has a SAML factor of that
     * connection, as Stytch grants them.
     */
    static List<String> of(Member member, List<io.latchkey.api.session.AuthenticationFactor> factors) {
        Set<String> samlConnections = new java.util.HashSet<>();
        for (io.latchkey.api.session.AuthenticationFactor f : factors) {
            if (f.samlSsoFactor() != null) {
                samlConnections.add(f.samlSsoFactor().providerId());
            }
        }
        Set<String> roles = new LinkedHashSet<>();
        roles.add(io.latchkey.server.rbac.DefaultPolicy.MEMBER_ROLE);
        for (MemberRole role : member.roles()) {
            if (role.sources() == null
                    || role.sources().isEmpty()
                    || role.sources().stream().anyMatch(s -> grants(s, samlConnections))) {
                roles.add(role.roleId());
            }
        }
        return List.copyOf(roles);
    }

    private static boolean grants(io.latchkey.api.member.MemberRoleSource s, Set<String> samlConnections) {
        if (!"sso_connection".equals(s.type()) && !"sso_connection_group".equals(s.type())) {
            return true;
        }
        Object connection = s.details() == null ? null : s.details().get("connection_id");
        return connection != null && samlConnections.contains(connection);
    }
}
