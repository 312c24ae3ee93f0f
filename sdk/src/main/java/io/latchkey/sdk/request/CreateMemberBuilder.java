package io.latchkey.sdk.request;

import io.latchkey.api.member.CreateMemberRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/organizations/{id}/members} request; the email is required.
 *
 * <p>Every setter sets the same-named field of {@link CreateMemberRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class CreateMemberBuilder {
    private final String emailAddress;
    private String name;
    private Map<String, Object> trustedMetadata;
    private Map<String, Object> untrustedMetadata;
    private Boolean createMemberAsPending;
    private Boolean isBreakglass;
    private String mfaPhoneNumber;
    private Boolean mfaEnrolled;
    private List<String> roles;
    private String externalId;

    CreateMemberBuilder(String emailAddress) {
        this.emailAddress = Objects.requireNonNull(emailAddress, "emailAddress");
    }

    /** Sets {@code name}. */
    public CreateMemberBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** Sets {@code trusted_metadata}; copied. A null value is kept: it deletes that key. */
    public CreateMemberBuilder trustedMetadata(Map<String, Object> trustedMetadata) {
        this.trustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(trustedMetadata));
        return this;
    }

    /** Sets {@code untrusted_metadata}; copied. A null value is kept: it deletes that key. */
    public CreateMemberBuilder untrustedMetadata(Map<String, Object> untrustedMetadata) {
        this.untrustedMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(untrustedMetadata));
        return this;
    }

    /** Sets {@code create_member_as_pending}. */
    public CreateMemberBuilder createMemberAsPending(boolean createMemberAsPending) {
        this.createMemberAsPending = createMemberAsPending;
        return this;
    }

    /** Sets {@code is_breakglass}. */
    public CreateMemberBuilder isBreakglass(boolean isBreakglass) {
        this.isBreakglass = isBreakglass;
        return this;
    }

    /** Sets {@code mfa_phone_number}. */
    public CreateMemberBuilder mfaPhoneNumber(String mfaPhoneNumber) {
        this.mfaPhoneNumber = mfaPhoneNumber;
        return this;
    }

    /** Sets {@code mfa_enrolled}. */
    public CreateMemberBuilder mfaEnrolled(boolean mfaEnrolled) {
        this.mfaEnrolled = mfaEnrolled;
        return this;
    }

    /** Sets {@code roles}; copied. */
    public CreateMemberBuilder roles(List<String> roles) {
        this.roles = List.copyOf(roles);
        return this;
    }

    /** Sets {@code roles}. */
    public CreateMemberBuilder roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    /** Sets {@code external_id}. */
    public CreateMemberBuilder externalId(String externalId) {
        this.externalId = externalId;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public CreateMemberRequest build() {
        return new CreateMemberRequest(
                emailAddress,
                name,
                trustedMetadata,
                untrustedMetadata,
                createMemberAsPending,
                isBreakglass,
                mfaPhoneNumber,
                mfaEnrolled,
                roles,
                externalId);
    }
}
