package io.latchkey.server.member;

import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Metadata;

/**
 * The field-by-field part of members update (everything but the email change, which needs the
 * store). A null field is unchanged, and so is an empty list or map: {@link UpdateMemberRequest}
 * reads those as null. {@code roles} replaces the explicit roles. Stateless.
 */
final class MemberUpdates {
    private MemberUpdates() {}

    static void apply(MemberState m, UpdateMemberRequest r) {
        if (r.name() != null) {
            m.name = MemberRules.name(r.name());
        }
        m.trustedMetadata = Metadata.merge(m.trustedMetadata, r.trustedMetadata(), "trusted_metadata");
        m.untrustedMetadata = Metadata.merge(m.untrustedMetadata, r.untrustedMetadata(), "untrusted_metadata");
        if (r.isBreakglass() != null) {
            m.breakglass = r.isBreakglass();
        }
        if (r.mfaPhoneNumber() != null && !r.mfaPhoneNumber().isEmpty()) {
            String phone = MemberRules.phoneNumber(r.mfaPhoneNumber());
            // Replacing a number is a separate, deliberate step (delete it first): setting the same
            // number again is a harmless retry.
            if (m.mfaPhoneNumber != null && !m.mfaPhoneNumber.equals(phone)) {
                throw new ApiException(
                        ErrorType.MEMBER_PHONE_NUMBER_ALREADY_SET,
                        "The member already has an mfa_phone_number; delete it before setting another.");
            }
            if (m.mfaPhoneNumber == null) {
                m.mfaPhoneNumber = phone;
                m.mfaPhoneNumberVerified = false;
            }
        }
        if (r.mfaEnrolled() != null) {
            m.mfaEnrolled = r.mfaEnrolled();
        }
        if (r.roles() != null) {
            m.roles = MemberRules.replacementRoles(r.roles());
        }
        if (r.defaultMfaMethod() != null) {
            m.defaultMfaMethod = MemberRules.defaultMfaMethod(r.defaultMfaMethod());
        }
        if (r.externalId() != null) {
            m.externalId = MemberRules.externalId(r.externalId());
        }
    }
}
