package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.discovery.DiscoveredOrganization;
import com.stytch.java.b2b.models.discoveryintermediatesessions.ExchangeRequest;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.passwords.AuthenticateRequest;
import com.stytch.java.b2b.models.passwords.AuthenticateResponse;
import com.stytch.java.b2b.models.passwords.MigrateRequest;
import com.stytch.java.b2b.models.passwords.MigrateRequestHashType;
import com.stytch.java.b2b.models.passwords.MigrateResponse;
import com.stytch.java.b2b.models.passwords.StrengthCheckRequest;
import com.stytch.java.b2b.models.passwords.StrengthCheckResponse;
import com.stytch.java.b2b.models.passwordsemail.RequireResetRequest;
import com.stytch.java.b2b.models.passwordsemail.RequireResetRequestOptions;
import com.stytch.java.b2b.models.passwordsemail.RequireResetResponse;
import com.stytch.java.b2b.models.passwordsemail.ResetRequest;
import com.stytch.java.b2b.models.passwordsemail.ResetResponse;
import com.stytch.java.b2b.models.passwordsemail.ResetStartRequest;
import com.stytch.java.b2b.models.passwordsemail.ResetStartResponse;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.consumer.models.passwords.MD5Config;
import com.stytch.java.consumer.models.passwords.PBKDF2Config;
import com.stytch.java.consumer.models.sessions.AuthenticationFactor;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorDeliveryMethod;
import com.stytch.java.consumer.models.sessions.AuthenticationFactorType;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Passwords through the official Java SDK: every call of {@code getPasswords()} (strength check,
 * migrate, authenticate, the email reset and require-reset, the existing-password and session
 * resets, and the discovery trio), each answer parsed into the SDK's own types (which fail on a
 * missing required field), and the refusals as {@code StytchResult.Error}s with Stytch's error
 * types. Reset links are read from the dev mailbox, as the member would.
 */
class JavaSdkPasswordsConformanceTest extends JavaSdkMagicLinkTestBase {
    static final String GOOD = "Correct-Horse-9";
    static final String OTHER = "Battery-Staple-7";
    static final String RESET_LINK_PREFIX =
            TestServer.REDIRECT_URL + "?stytch_token_type=multi_tenant_passwords&token=";

    @Override
    protected Mailbox mailbox() {
        return Mailbox.devMailbox(server.baseUrl());
    }

    private record Member(String organizationId, String email, String memberId) {}

    private String resetToken(String email, int messages) {
        String link = mailbox().awaitLink(email, messages);
        assertThat(link).startsWith(RESET_LINK_PREFIX);
        String token = Mailbox.queryParam(link, "token");
        assertThat(token).matches("[A-Za-z0-9_-]{43,}");
        return token;
    }

    /** A member of a fresh organization with {@code password}, imported as a salted MD5 hash. */
    private Member memberWithPassword(String password) throws Exception {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        String salt = Unique.suffix();
        MigrateResponse migrated = ok(stytch.getPasswords()
                .migrateCompletable(new MigrateRequest(
                        email,
                        hex(MessageDigest.getInstance("MD5")
                                .digest((salt + password).getBytes(StandardCharsets.UTF_8))),
                        MigrateRequestHashType.MD_5,
                        org.getOrganizationId(),
                        new MD5Config(salt, ""))));
        assertThat(migrated.getMemberCreated()).isTrue();
        return new Member(org.getOrganizationId(), email, migrated.getMemberId());
    }

    private AuthenticateResponse login(Member m, String password) {
        return ok(stytch.getPasswords()
                .authenticateCompletable(new AuthenticateRequest(m.organizationId(), m.email(), password, null, 30)));
    }

    private static void assertPasswordSession(MemberSession session) {
        assertThat(session).isNotNull();
        AuthenticationFactor factor = session.getAuthenticationFactors()
                .get(session.getAuthenticationFactors().size() - 1);
        assertThat(factor.getType()).isEqualTo(AuthenticationFactorType.PASSWORD);
    }

    private static void assertLoggedIn(AuthenticateResponse r, Member m) {
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getRequestId()).isNotBlank();
        assertThat(r.getMemberAuthenticated()).isTrue();
        assertThat(r.getMemberId()).isEqualTo(m.memberId());
        assertThat(r.getOrganizationId()).isEqualTo(m.organizationId());
        assertThat(r.getMember().getEmailAddress()).isEqualTo(m.email());
        assertThat(r.getMember().getMemberPasswordId()).startsWith("member-password-test-");
        assertThat(r.getSessionToken()).isNotBlank();
        assertThat(r.getSessionJWT()).isNotBlank();
        assertThat(r.getIntermediateSessionToken()).isEmpty();
        assertPasswordSession(r.getMemberSession());
        assertThat(r.getMemberSession().getAuthenticationFactors().get(0).getDeliveryMethod())
                .isEqualTo(AuthenticationFactorDeliveryMethod.KNOWLEDGE);
    }

    @Test
    void strengthCheckParsesIntoTheSdksTypes() {
        StrengthCheckResponse weak =
                ok(stytch.getPasswords().strengthCheckCompletable(new StrengthCheckRequest("abc", null)));
        assertThat(weak.getStatusCode()).isEqualTo(200);
        assertThat(weak.getValidPassword()).isFalse();
        assertThat(weak.getStrengthPolicy()).isEqualTo("luds");
        assertThat(weak.getBreachDetectionOnCreate()).isFalse();
        assertThat(weak.getLudsFeedback().getMissingCharacters()).isEqualTo(5);
        assertThat(weak.getZxcvbnFeedback().getSuggestions()).isNotEmpty();
        StrengthCheckResponse strong =
                ok(stytch.getPasswords().strengthCheckCompletable(new StrengthCheckRequest(GOOD, Unique.email())));
        assertThat(strong.getValidPassword()).isTrue();
        assertThat(strong.getScore()).isBetween(2, 4);
    }

    @Test
    void migrateImportsAPbkdf2HashWithTheMembersFieldsAndItLogsIn() throws Exception {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(GOOD.toCharArray(), salt, 1000, 256))
                .getEncoded();
        String externalId = Unique.externalId("imported");
        MigrateResponse migrated = ok(stytch.getPasswords()
                .migrateCompletable(new MigrateRequest(
                        email,
                        Base64.getEncoder().encodeToString(hash),
                        MigrateRequestHashType.PBKDF_2,
                        org.getOrganizationId(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        new PBKDF2Config(Base64.getEncoder().encodeToString(salt), 1000, 32, "sha256"),
                        "Imported Member",
                        Map.of("plan", "gold"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        externalId)));
        assertThat(migrated.getStatusCode()).isEqualTo(200);
        assertThat(migrated.getMemberCreated()).isTrue();
        assertThat(migrated.getMember().getStatus()).isEqualTo("active");
        assertThat(migrated.getMember().getEmailAddressVerified()).isTrue();
        assertThat(migrated.getMember().getName()).isEqualTo("Imported Member");
        assertThat(migrated.getMember().getTrustedMetadata()).containsEntry("plan", "gold");
        assertThat(migrated.getMember().getExternalId()).isEqualTo(externalId);
        assertThat(migrated.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());

        Member m = new Member(org.getOrganizationId(), email, migrated.getMemberId());
        assertLoggedIn(login(m, GOOD), m);
        // Rehashed to Argon2id at that login; the password still works.
        assertLoggedIn(login(m, GOOD), m);

        assertApiError(
                stytch.getPasswords()
                        .migrateCompletable(new MigrateRequest(
                                Unique.emailIn(domain),
                                "$2b$10$short",
                                MigrateRequestHashType.BCRYPT,
                                org.getOrganizationId())),
                400,
                "invalid_bcrypt_hash");
    }

    @Test
    void authenticateRefusesAWrongPasswordAndAnUnknownEmailAlike() throws Exception {
        Member m = memberWithPassword(GOOD);
        assertLoggedIn(login(m, GOOD), m);
        assertApiError(
                stytch.getPasswords()
                        .authenticateCompletable(new AuthenticateRequest(m.organizationId(), m.email(), OTHER)),
                401,
                "unauthorized_credentials");
        assertApiError(
                stytch.getPasswords()
                        .authenticateCompletable(
                                new AuthenticateRequest(m.organizationId(), "nobody-" + m.email(), GOOD)),
                401,
                "unauthorized_credentials");
    }

    @Test
    void emailResetStartMailsALinkAndEmailResetSetsThePasswordOnce() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);
        var signedUp = signUp(stytch, org.getOrganizationId(), email);
        ResetStartResponse started = ok(stytch.getPasswords()
                .getEmail()
                .resetStartCompletable(new ResetStartRequest(org.getOrganizationId(), email)));
        assertThat(started.getStatusCode()).isEqualTo(200);
        assertThat(started.getMemberId()).isEqualTo(signedUp.getMemberId());
        assertThat(started.getMemberEmailId()).startsWith("email-test-");
        String token = resetToken(email, 2);

        assertApiError(
                stytch.getPasswords().getEmail().resetCompletable(new ResetRequest(token, "weak")),
                400,
                "weak_password");
        ResetResponse reset =
                ok(stytch.getPasswords().getEmail().resetCompletable(new ResetRequest(token, GOOD, null, 60)));
        assertThat(reset.getStatusCode()).isEqualTo(200);
        assertThat(reset.getMemberAuthenticated()).isTrue();
        assertThat(reset.getMemberEmailId()).isEqualTo(started.getMemberEmailId());
        assertThat(reset.getSessionToken()).isNotBlank();
        assertPasswordSession(reset.getMemberSession());
        assertApiError(
                stytch.getPasswords().getEmail().resetCompletable(new ResetRequest(token, OTHER)),
                401,
                "unable_to_auth_magic_link");
        assertLoggedIn(
                login(new Member(org.getOrganizationId(), email, signedUp.getMemberId()), GOOD),
                new Member(org.getOrganizationId(), email, signedUp.getMemberId()));
    }

    @Test
    void existingPasswordAndSessionResetsChangeThePassword() throws Exception {
        Member m = memberWithPassword(GOOD);
        var changed = ok(stytch.getPasswords()
                .getExistingPassword()
                .resetCompletable(new com.stytch.java.b2b.models.passwordsexistingpassword.ResetRequest(
                        m.email(), GOOD, OTHER, m.organizationId())));
        assertThat(changed.getStatusCode()).isEqualTo(200);
        assertThat(changed.getMemberAuthenticated()).isTrue();
        assertThat(changed.getMemberId()).isEqualTo(m.memberId());
        assertPasswordSession(changed.getMemberSession());
        assertApiError(
                stytch.getPasswords()
                        .getExistingPassword()
                        .resetCompletable(new com.stytch.java.b2b.models.passwordsexistingpassword.ResetRequest(
                                m.email(), GOOD, "Third-Horse-5", m.organizationId())),
                401,
                "unauthorized_credentials");

        AuthenticateResponse session = login(m, OTHER);
        var byToken = ok(stytch.getPasswords()
                .getSessions()
                .resetCompletable(new com.stytch.java.b2b.models.passwordssession.ResetRequest(
                        m.organizationId(), GOOD, session.getSessionToken())));
        assertThat(byToken.getStatusCode()).isEqualTo(200);
        assertThat(byToken.getMemberAuthenticated()).isTrue();
        assertThat(byToken.getMember().getEmailAddress()).isEqualTo(m.email());
        assertThat(byToken.getSessionJWT()).isNotBlank();
        var byJwt = ok(stytch.getPasswords()
                .getSessions()
                .resetCompletable(new com.stytch.java.b2b.models.passwordssession.ResetRequest(
                        m.organizationId(), OTHER, null, byToken.getSessionJWT())));
        assertThat(byJwt.getMemberAuthenticated()).isTrue();
        assertLoggedIn(login(m, OTHER), m);
        assertApiError(
                stytch.getPasswords()
                        .getSessions()
                        .resetCompletable(new com.stytch.java.b2b.models.passwordssession.ResetRequest(
                                m.organizationId(), GOOD, "not-a-session-token")),
                404,
                "session_not_found");
    }

    @Test
    void requireResetMakesTheNextLoginAnswerResetPassword() throws Exception {
        Member m = memberWithPassword(GOOD);
        RequireResetResponse required = ok(stytch.getPasswords()
                .getEmail()
                .requireResetCompletable(
                        new RequireResetRequest(m.email(), m.organizationId()), new RequireResetRequestOptions()));
        assertThat(required.getStatusCode()).isEqualTo(200);
        assertThat(required.getMemberId()).isEqualTo(m.memberId());
        assertThat(required.getMember().getMemberId()).isEqualTo(m.memberId());
        assertThat(required.getOrganization().getOrganizationId()).isEqualTo(m.organizationId());
        assertApiError(
                stytch.getPasswords()
                        .authenticateCompletable(new AuthenticateRequest(m.organizationId(), m.email(), GOOD)),
                400,
                "reset_password");
        RequireResetResponse everywhere = ok(stytch.getPasswords()
                .getEmail()
                .requireResetCompletable(new RequireResetRequest(m.email()), new RequireResetRequestOptions()));
        assertThat(everywhere.getStatusCode()).isEqualTo(200);
    }

    @Test
    void discoveryResetAndAuthenticateAnswerAnIntermediateSessionAndTheOrganizations() {
        String domain = Unique.domain();
        String email = Unique.emailIn(domain);
        Organization first = organizationAllowing(domain);
        Organization second = organizationAllowing(domain);
        signUp(stytch, first.getOrganizationId(), email);
        signUp(stytch, second.getOrganizationId(), email);

        var started = ok(stytch.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetStartCompletable(
                        new com.stytch.java.b2b.models.passwordsdiscoveryemail.ResetStartRequest(email)));
        assertThat(started.getStatusCode()).isEqualTo(200);
        String token = resetToken(email, 3);
        var reset = ok(stytch.getPasswords()
                .getDiscovery()
                .getEmail()
                .resetCompletable(new com.stytch.java.b2b.models.passwordsdiscoveryemail.ResetRequest(token, GOOD)));
        assertThat(reset.getStatusCode()).isEqualTo(200);
        assertThat(reset.getEmailAddress()).isEqualTo(email);
        assertThat(reset.getIntermediateSessionToken()).isNotBlank();
        assertThat(organizationIds(reset.getDiscoveredOrganizations()))
                .contains(first.getOrganizationId(), second.getOrganizationId());

        var login = ok(stytch.getPasswords()
                .getDiscovery()
                .authenticateCompletable(
                        new com.stytch.java.b2b.models.passwordsdiscovery.AuthenticateRequest(email, GOOD)));
        assertThat(login.getStatusCode()).isEqualTo(200);
        assertThat(login.getEmailAddress()).isEqualTo(email);
        assertThat(organizationIds(login.getDiscoveredOrganizations()))
                .containsExactlyInAnyOrderElementsOf(organizationIds(reset.getDiscoveredOrganizations()));
        var exchanged = ok(stytch.getDiscovery()
                .getIntermediateSessions()
                .exchangeCompletable(
                        new ExchangeRequest(login.getIntermediateSessionToken(), second.getOrganizationId())));
        assertThat(exchanged.getMemberAuthenticated()).isTrue();
        assertPasswordSession(exchanged.getMemberSession());

        assertApiError(
                stytch.getPasswords()
                        .getDiscovery()
                        .authenticateCompletable(
                                new com.stytch.java.b2b.models.passwordsdiscovery.AuthenticateRequest(email, OTHER)),
                401,
                "unauthorized_credentials");
    }

    private static List<String> organizationIds(List<DiscoveredOrganization> discovered) {
        return discovered.stream()
                .map(d -> d.getOrganization().getOrganizationId())
                .toList();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
