package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberRole;
import io.latchkey.api.member.MemberRoleSource;
import io.latchkey.api.organization.EmailImplicitRoleAssignment;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.RoleIds;
import io.latchkey.server.core.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Member rows as the API shows them. {@code roles} lists {@code stytch_member} first (every
 * member holds it implicitly; shown with a {@code direct_assignment} source so RBAC consumers
 * see the full set), then explicit roles, then roles implied by the organization's
 * rbac_email_implicit_role_assignments for the member's email domain ({@code email_assignment}),
 * then roles a SAML connection granted at the member's last login through it ({@code
 * sso_connection}, {@code sso_connection_group}; a session holds those only with that connection's factor).
 */
final class MemberViews {
    private MemberViews() {}

    /** @param now decides whether an MFA lock still holds ({@code is_locked}, lock times shown only then) */
    static Member toMember(MemberState m, Organization org, MemberRecords.Extras extras, Instant now) {
        List<MemberRole> roles = roles(m, org, extras.ssoRoles());
        boolean admin = roles.stream().anyMatch(r -> r.roleId().equals(RoleIds.ADMIN));
        boolean locked = m.isLocked(now);
        return new Member(
                m.organizationId,
                m.memberId,
                m.emailAddress,
                m.status,
                m.name,
                extras.ssoRegistrations(),
                m.breakglass,
                m.memberPasswordId == null ? "" : m.memberPasswordId,
                List.of(),
                m.emailVerified,
                m.mfaPhoneNumberVerified,
                admin,
                m.totpRegistrationId == null ? "" : m.totpRegistrationId,
                extras.retired(),
                locked,
                m.mfaEnrolled,
                m.mfaPhoneNumber == null ? "" : m.mfaPhoneNumber,
                m.defaultMfaMethod,
                roles,
                new LinkedHashMap<>(m.trustedMetadata),
                new LinkedHashMap<>(m.untrustedMetadata),
                Timestamps.format(m.createdAt),
                Timestamps.format(m.updatedAt),
                null,
                m.externalId,
                locked ? Timestamps.format(m.lockCreatedAt) : null,
                locked ? Timestamps.format(m.lockExpiresAt) : null);
    }

    private static List<MemberRole> roles(MemberState m, Organization org, List<SsoRoleGrant> ssoRoles) {
        Map<String, List<MemberRoleSource>> sources = new LinkedHashMap<>();
        sources.put(RoleIds.MEMBER, new ArrayList<>(List.of(direct())));
        for (String role : m.roles) {
            sources.computeIfAbsent(role, r -> new ArrayList<>()).add(direct());
        }
        String domain = Emails.domainOf(Emails.key(m.emailAddress));
        for (EmailImplicitRoleAssignment a : org.rbacEmailImplicitRoleAssignments()) {
            if (a.domain().equals(domain)) {
                sources.computeIfAbsent(a.roleId(), r -> new ArrayList<>())
                        .add(new MemberRoleSource("email_assignment", Map.of("email_domain", domain)));
            }
        }
        for (SsoRoleGrant g : ssoRoles) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection_id", g.connectionId());
            if (g.group() != null) {
                details.put("group", g.group());
            }
            sources.computeIfAbsent(g.roleId(), r -> new ArrayList<>())
                    .add(new MemberRoleSource(
                            g.group() == null ? "sso_connection" : "sso_connection_group", Map.copyOf(details)));
        }
        List<MemberRole> out = new ArrayList<>();
        sources.forEach((role, from) -> out.add(new MemberRole(role, List.copyOf(from))));
        return out;
    }

    private static MemberRoleSource direct() {
        return new MemberRoleSource("direct_assignment", Map.of());
    }
}
