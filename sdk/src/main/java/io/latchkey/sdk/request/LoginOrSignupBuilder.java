package io.latchkey.sdk.request;

import io.latchkey.api.magiclink.LoginOrSignupRequest;
import java.util.Objects;

/**
 * Builds a {@code POST /v1/b2b/magic_links/email/login_or_signup} request; without redirect URLs the project's defaults are used.
 *
 * <p>Every setter sets the same-named field of {@link LoginOrSignupRequest}; what is never set
 * stays null and is left out of the JSON, which the API reads as "absent". Not thread-safe;
 * {@link #build()} may be called more than once. Obtain it from {@link Requests}.
 */
public final class LoginOrSignupBuilder {
    private final String organizationId;
    private final String emailAddress;
    private String loginRedirectUrl;
    private String signupRedirectUrl;
    private String pkceCodeChallenge;
    private String loginTemplateId;
    private String signupTemplateId;
    private String locale;
    private Integer loginExpirationMinutes;
    private Integer signupExpirationMinutes;

    LoginOrSignupBuilder(String organizationId, String emailAddress) {
        this.organizationId = Objects.requireNonNull(organizationId, "organizationId");
        this.emailAddress = Objects.requireNonNull(emailAddress, "emailAddress");
    }

    /** Sets {@code login_redirect_url}. */
    public LoginOrSignupBuilder loginRedirectUrl(String loginRedirectUrl) {
        this.loginRedirectUrl = loginRedirectUrl;
        return this;
    }

    /** Sets {@code signup_redirect_url}. */
    public LoginOrSignupBuilder signupRedirectUrl(String signupRedirectUrl) {
        this.signupRedirectUrl = signupRedirectUrl;
        return this;
    }

    /** Sets {@code pkce_code_challenge}. */
    public LoginOrSignupBuilder pkceCodeChallenge(String pkceCodeChallenge) {
        this.pkceCodeChallenge = pkceCodeChallenge;
        return this;
    }

    /** Sets {@code login_template_id}. */
    public LoginOrSignupBuilder loginTemplateId(String loginTemplateId) {
        this.loginTemplateId = loginTemplateId;
        return this;
    }

    /** Sets {@code signup_template_id}. */
    public LoginOrSignupBuilder signupTemplateId(String signupTemplateId) {
        this.signupTemplateId = signupTemplateId;
        return this;
    }

    /** Sets {@code locale}. */
    public LoginOrSignupBuilder locale(String locale) {
        this.locale = locale;
        return this;
    }

    /** Sets {@code login_expiration_minutes}. */
    public LoginOrSignupBuilder loginExpirationMinutes(int loginExpirationMinutes) {
        this.loginExpirationMinutes = loginExpirationMinutes;
        return this;
    }

    /** Sets {@code signup_expiration_minutes}. */
    public LoginOrSignupBuilder signupExpirationMinutes(int signupExpirationMinutes) {
        this.signupExpirationMinutes = signupExpirationMinutes;
        return this;
    }

    /** The request record, ready to pass to the client. */
    public LoginOrSignupRequest build() {
        return new LoginOrSignupRequest(
                organizationId,
                emailAddress,
                loginRedirectUrl,
                signupRedirectUrl,
                pkceCodeChallenge,
                loginTemplateId,
                signupTemplateId,
                locale,
                loginExpirationMinutes,
                signupExpirationMinutes);
    }
}
