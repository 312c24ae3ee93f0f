package io.latchkey.server.organization;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A primary authentication method as {@code allowed_auth_methods} names it. */
public enum AuthMethod {
    SSO("sso"),
    MAGIC_LINK("magic_link"),
    EMAIL_OTP("email_otp"),
    PASSWORD("password"),
    GOOGLE_OAUTH("google_oauth"),
    MICROSOFT_OAUTH("microsoft_oauth"),
    SLACK_OAUTH("slack_oauth"),
    GITHUB_OAUTH("github_oauth"),
    HUBSPOT_OAUTH("hubspot_oauth");

    /** Every method, in the contract's order: what an organization that restricts nothing accepts. */
    public static final List<String> ALL_WIRE_NAMES =
            Arrays.stream(values()).map(AuthMethod::wireName).toList();

    private final String wireName;

    AuthMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<AuthMethod> fromWire(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
