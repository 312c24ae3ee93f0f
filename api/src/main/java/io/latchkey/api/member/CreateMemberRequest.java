package io.latchkey.api.member;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/b2b/organizations/{organization_id}/members}. Only {@code emailAddress} is
 * required. {@code createMemberAsPending} true creates a {@code pending} member, otherwise the
 * member is {@code active}. {@code roles} are explicitly assigned role ids.
 */
public record CreateMemberRequest(
        String emailAddress,
        String name,
        Map<String, Object> trustedMetadata,
        Map<String, Object> untrustedMetadata,
        Boolean createMemberAsPending,
        Boolean isBreakglass,
        String mfaPhoneNumber,
        Boolean mfaEnrolled,
        List<String> roles,
        String externalId) {

    /** A request with an email address and nothing else. */
    public static CreateMemberRequest forEmail(String emailAddress) {
        return new CreateMemberRequest(emailAddress, null, null, null, null, null, null, null, null, null);
    }
}
