package io.latchkey.example.routes;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberRole;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.MemberSession;
import io.latchkey.example.store.AppUser;
import io.latchkey.example.view.MemberView;
import io.latchkey.example.view.OrganizationView;
import io.latchkey.example.view.SessionView;
import io.latchkey.example.view.UserRowView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Latchkey's records and the app's rows, turned into what the templates show. */
final class Views {
    static final String ADMIN_ROLE = "stytch_admin";

    // The metadata keys of the guide's profile snippet.
    static final String DISPLAY_NAME = "display_name";
    static final String PROFILE_PIC_URL = "profile_pic_url";
    static final String BILLING_ADDRESS = "billing_address";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Views() {}

    static List<String> roleIds(Member member) {
        return member.roles() == null
                ? List.of()
                : member.roles().stream().map(MemberRole::roleId).toList();
    }

    /** {@code mayManageSettings}: whether the app's RBAC policy lets the member change the organization's settings. */
    static MemberView member(Member m, boolean mayManageSettings) {
        String pic = text(m.untrustedMetadata(), PROFILE_PIC_URL);
        return new MemberView(
                m.memberId(),
                m.emailAddress(),
                m.name() == null ? "" : m.name(),
                m.status(),
                roleIds(m),
                mayManageSettings,
                text(m.untrustedMetadata(), DISPLAY_NAME),
                isHttps(pic) ? pic : null,
                pic,
                text(m.trustedMetadata(), BILLING_ADDRESS));
    }

    static OrganizationView organization(Organization o) {
        return new OrganizationView(
                o.organizationId(),
                o.organizationName(),
                o.organizationSlug(),
                o.mfaPolicy(),
                o.emailAllowedDomains() == null ? List.of() : o.emailAllowedDomains(),
                o.emailInvites(),
                o.emailJitProvisioning(),
                o.authMethods());
    }

    static UserRowView user(AppUser u) {
        if (u == null) {
            return null;
        }
        return new UserRowView(
                u.memberId(), u.organizationId(), u.email(), u.name(), time(u.lastLoginAt()), time(u.updatedAt()));
    }

    static SessionView session(MemberSession s, boolean verifiedLocally) {
        return new SessionView(
                s.memberSessionId(),
                time(s.startedAt()),
                time(s.expiresAt()),
                verifiedLocally
                        ? "JWT verified locally (no call to Latchkey)"
                        : "checked with Latchkey; JWT refreshed");
    }

    static boolean isHttps(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith("https://") && url.length() > 8;
    }

    private static String text(Map<String, Object> metadata, String key) {
        if (metadata == null) {
            return "";
        }
        Object v = metadata.get(key);
        return v == null ? "" : v.toString();
    }

    private static String time(Instant t) {
        return t == null ? null : TIME.format(t);
    }

    /** An RFC 3339 time from Latchkey, shown like the app's own; as given when it does not parse. */
    private static String time(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return rfc3339;
        }
        try {
            return time(Instant.parse(rfc3339));
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }
}
