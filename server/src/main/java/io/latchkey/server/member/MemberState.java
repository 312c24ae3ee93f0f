package io.latchkey.server.member;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member row as the service works on it: read from the store, changed by the rules, written
 * back. Mutable and confined to one service call.
 */
final class MemberState {
    static final String PENDING = "pending";
    static final String INVITED = "invited";
    static final String ACTIVE = "active";
    static final String DELETED = "deleted";

    String memberId;
    String organizationId;
    String emailAddress;
    /** The id of the member's current email factor; a changed email gets a new one. */
    String emailId;

    String status;
    String name = "";
    String externalId;
    boolean breakglass;
    boolean emailVerified;
    /** E.164, or null when the member has none. */
    String mfaPhoneNumber;

    boolean mfaPhoneNumberVerified;
    boolean mfaEnrolled;
    String defaultMfaMethod = "";
    /** The active TOTP registration (kept by the TOTP feature), or null. */
    String totpRegistrationId;
    /** The member's password (kept by the password feature), or null when it has none. */
    String memberPasswordId;
    /** Set when too many failed MFA attempts locked one of the member's factors; null otherwise. */
    Instant lockCreatedAt;

    Instant lockExpiresAt;
    /** Explicitly assigned role ids, in assignment order. */
    List<String> roles = new ArrayList<>();

    Map<String, Object> trustedMetadata = new LinkedHashMap<>();
    Map<String, Object> untrustedMetadata = new LinkedHashMap<>();
    Instant createdAt;
    Instant updatedAt;

    boolean isDeleted() {
        return DELETED.equals(status);
    }

    boolean isLocked(Instant now) {
        return lockExpiresAt != null && lockExpiresAt.isAfter(now);
    }
}
