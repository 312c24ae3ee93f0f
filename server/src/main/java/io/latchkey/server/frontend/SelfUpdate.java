package io.latchkey.server.frontend;

import java.util.Map;

/**
 * {@code PUT /sdk/v1/b2b/organizations/members/update}: what a member may change about itself
 * from the browser. Any other field (roles, trusted metadata, email) is ignored: never applied.
 */
public record SelfUpdate(
        String name,
        Map<String, Object> untrustedMetadata,
        Boolean mfaEnrolled,
        String mfaPhoneNumber,
        String defaultMfaMethod) {}
