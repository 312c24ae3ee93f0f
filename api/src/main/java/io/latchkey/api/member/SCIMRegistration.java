package io.latchkey.api.member;

import java.util.Map;

/** The member's identity at the organization's SCIM connection; last two fields nullable. */
public record SCIMRegistration(
        String connectionId, String registrationId, String externalId, Map<String, Object> scimAttributes) {}
