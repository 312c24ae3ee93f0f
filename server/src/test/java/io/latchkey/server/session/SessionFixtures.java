package io.latchkey.server.session;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Session claims as the sessions feature will hand them over, and small JWT helpers. */
final class SessionFixtures {
    static final String SESSION_ID = "member-session-test-6f1d1c4e-58f6-4f4e-9d5c-0d7e6c1c2b3a";
    static final String MEMBER_ID = "member-test-1b0c4f3e-2d5a-4b8c-9e7f-6a5b4c3d2e1f";
    static final String ORGANIZATION_ID = "organization-test-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String SLUG = "acme";
    static final String EMAIL = "ada@acme.test";

    /** The AuthenticationFactor shape as a record: written snake_case by the shared mapper. */
    record Factor(
            String type,
            String deliveryMethod,
            String lastAuthenticatedAt,
            String createdAt,
            String updatedAt,
            EmailFactor emailFactor) {}

    record EmailFactor(String emailId, String emailAddress) {}

    private SessionFixtures() {}

    static SessionClaims claims(Instant now) {
        return claims(now, Map.of("plan", "pro"));
    }

    static SessionClaims claims(Instant now, Map<String, Object> customClaims) {
        String at = Timestamps.format(now.minusSeconds(30));
        return new SessionClaims(
                SESSION_ID,
                MEMBER_ID,
                ORGANIZATION_ID,
                SLUG,
                now.minus(Duration.ofMinutes(10)),
                now.minusSeconds(30),
                now.plus(Duration.ofHours(1)),
                "203.0.113.7",
                "Mozilla/5.0",
                List.of(new Factor(
                        "magic_link",
                        "email",
                        at,
                        at,
                        at,
                        new EmailFactor("email-test-5c4b3a29-1807-4f6e-8d5c-4b3a29180706", EMAIL))),
                List.of("stytch_member", "editor"),
                customClaims);
    }

    static String kidOf(String jwt) {
        try {
            return JWSObject.parse(jwt).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts {@code call} is refused with {@code type} and a message that repeats no token. */
    static void assertRefused(ThrowingCallable call, ErrorType type, String token) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.type())
                    .as(e.getMessage())
                    .isEqualTo(type);
            if (token != null && !token.isEmpty()) {
                org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain(token);
            }
        });
    }
}
