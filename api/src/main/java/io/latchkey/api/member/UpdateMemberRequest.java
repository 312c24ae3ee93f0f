package io.latchkey.api.member;

import io.latchkey.api.Unchanged;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v1/b2b/organizations/{organization_id}/members/{member_id}}. Every field is
 * optional: null (absent) leaves it unchanged; so does an empty list or map, which the
 * constructor turns into null (see {@link Unchanged}). A non-empty {@code roles} replaces every
 * explicitly assigned role ({@code ["stytch_member"]} alone removes them all); the metadata maps
 * merge at the top level (a null value deletes that key).
 */
public record UpdateMemberRequest(
        String name,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        Boolean isBreakglass,
        String mfaPhoneNumber,
        Boolean mfaEnrolled,
        List<String> roles,
        Boolean preserveExistingSessions,
        String defaultMfaMethod,
        String emailAddress,
        String externalId,
        Boolean unlinkEmail) {

    public UpdateMemberRequest {
        trustedMetadata = Unchanged.ifEmpty(trustedMetadata);
        untrustedMetadata = Unchanged.ifEmpty(untrustedMetadata);
        roles = Unchanged.ifEmpty(roles);
    }

    /** A request that changes nothing. */
    public static UpdateMemberRequest empty() {
        return new UpdateMemberRequest(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
