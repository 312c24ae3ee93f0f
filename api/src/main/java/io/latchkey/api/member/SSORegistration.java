package io.latchkey.api.member;

import java.util.Map;

/** The member's identity at an SSO connection; {@code ssoAttributes} may be null. */
public record SSORegistration(
        String connectionId, String externalId, String registrationId, Map<String, Object> ssoAttributes) {}
