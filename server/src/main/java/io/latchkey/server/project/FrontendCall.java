package io.latchkey.server.project;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Frontend SDK calls that change more than the caller's own session, so a project switches each
 * on explicitly: what a page's script may do is whatever any visitor's browser may do.
 */
public enum FrontendCall {
    /** Creating an organization from a discovery login ({@code create_organization_enabled}). */
    CREATE_ORGANIZATIONS,
    /** A member changing its own name, metadata and MFA settings ({@code self.update}). */
    MEMBER_SELF_UPDATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FrontendCall parse(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown frontend call '" + value + "' ("
                    + Arrays.stream(values()).map(FrontendCall::wireName).collect(Collectors.joining(", ")) + ")");
        }
    }
}
