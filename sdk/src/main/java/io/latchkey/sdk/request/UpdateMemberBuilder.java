package io.latchkey.sdk.request;

import io.latchkey.api.member.UpdateMemberRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@code PUT /v1/b2b/organizations/{id}/members/{member_id}} request: only what is set changes; {@code roles} replaces every explicitly assigned role.
 *
 * <p>Every setter sets the same-named field of {@link UpdateMemberRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class UpdateMemberBuilder {
    private String name;
    private Map<String, Object> trustedMetadata;
    private Map<String, Object> untrustedMetadata;
    private Boolean isBreakglass;
    private String mfaPhoneNumber;
    private Boolean mfaEnrolled;
    private List<String> roles;
    private Boolean preserveExistingSessions;
    private String defaultMfaMethod;
    private String emailAddress;
    private String externalId;
    private Boolean unlinkEmail;

    UpdateMemberBuilder() {}

    /** Sets {@code name}. */
    public UpdateMemberBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** Sets {@code trusted_metadata}; copied. A null value is kept: it deletes that key. */
    public UpdateMemberBuilder trustedMetadata(Map<String, Object> trustedMetadata) {
        this.trustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(trustedMetadata));
        return this;
    }

    /** Sets {@code untrusted_metadata}; copied. A null value is kept: it deletes that key. */
    public UpdateMemberBuilder untrustedMetadata(Map<String, Object> untrustedMetadata) {
        this.untrustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(untrustedMetadata));
        return this;
    }

    /** Sets {@code is_breakglass}. */
    public UpdateMemberBuilder isBreakglass(boolean isBreakglass) {
        this.isBreakglass = isBreakglass;
        return this;
    }

    /** Sets {@code mfa_phone_number}. */
    public UpdateMemberBuilder mfaPhoneNumber(String mfaPhoneNumber) {
        this.mfaPhoneNumber = mfaPhoneNumber;
        return this;
    }

    /** Sets {@code mfa_enrolled}. */
    public UpdateMemberBuilder mfaEnrolled(boolean mfaEnrolled) {
        this.mfaEnrolled = mfaEnrolled;
        return this;
    }

    /** Sets {@code roles}; copied. */
    public UpdateMemberBuilder roles(List<String> roles) {
        this.roles = List.copyOf(roles);
        return this;
    }

    /** Sets {@code roles}. */
    public UpdateMemberBuilder roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    /** Sets {@code preserve_existing_sessions}. */
    public UpdateMemberBuilder preserveExistingSessions(boolean preserveExistingSessions) {
        this.preserveExistingSessions = preserveExistingSessions;
        return this;
    }

    /** Sets {@code default_mfa_method}. */
    public UpdateMemberBuilder defaultMfaMethod(String defaultMfaMethod) {
        this.defaultMfaMethod = defaultMfaMethod;
        return this;
    }

    /** Sets {@code email_address}. */
    public UpdateMemberBuilder emailAddress(String emailAddress) {
        this.emailAddress = emailAddress;
        return this;
    }

    /** Sets {@code external_id}. */
    public UpdateMemberBuilder externalId(String externalId) {
        this.externalId = externalId;
        return this;
    }

    /** Sets {@code unlink_email}. */
    public UpdateMemberBuilder unlinkEmail(boolean unlinkEmail) {
        this.unlinkEmail = unlinkEmail;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public UpdateMemberRequest build() {
        return new UpdateMemberRequest(
                name,
                trustedMetadata,
                untrustedMetadata,
                isBreakglass,
                mfaPhoneNumber,
                mfaEnrolled,
                roles,
                preserveExistingSessions,
                defaultMfaMethod,
                emailAddress,
                externalId,
                unlinkEmail);
    }
}
