package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.models.magiclinks.AuthenticateResponse;
import com.stytch.java.b2b.models.magiclinksemail.LoginOrSignupResponse;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.sessions.AuthenticateRequest;
import com.stytch.java.b2b.models.sessions.MemberSession;
import com.stytch.java.b2b.models.sessions.RevokeRequest;
import com.stytch.java.b2b.models.sessions.RevokeRequestOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The login flow of the seed guide through the official Java SDK: a magic link requested, read
 * from the mail the server sent, authenticated into a session whose JWT the SDK verifies locally
 * against the server's JWKS, then checked remotely and revoked. Subclasses say where the mail
 * arrives (dev mailbox or SMTP) and may add tests.
 */
abstract class JavaSdkLoginFlowTestBase extends JavaSdkMagicLinkTestBase {
    @Test
    void theSeedFlowSignsUpVerifiesTheJwtLocallyAndRevokedSessionsFailRemotely() {
        String domain = Unique.domain();
        Organization org = organizationAllowing(domain);
        String email = Unique.emailIn(domain);

        // 1. loginOrSignup: a new email in an allowed domain becomes a pending member.
        LoginOrSignupResponse sent = loginOrSignup(stytch, org.getOrganizationId(), email);
        assertThat(sent.getMemberCreated()).isTrue();
        assertThat(sent.getMember().getStatus()).isEqualTo("pending");
        assertThat(sent.getMember().getEmailAddress()).isEqualTo(email);
        assertThat(sent.getMemberId()).isEqualTo(sent.getMember().getMemberId());
        assertThat(sent.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());

        // 2. The mail, and the token in its link.
        String token = awaitToken(email);

        // 3. magicLinks.authenticate with a 60-minute session.
        AuthenticateResponse auth = authenticate(stytch, token);
        assertThat(auth.getStatusCode()).isEqualTo(200);
        assertThat(auth.getMemberAuthenticated()).isTrue();
        assertThat(auth.getMemberId()).isEqualTo(sent.getMemberId());
        assertThat(auth.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(auth.getMember().getStatus()).isEqualTo("active");
        assertThat(auth.getMember().getEmailAddressVerified()).isTrue();
        assertThat(auth.getSessionToken()).isNotBlank();
        assertThat(auth.getSessionJWT()).isNotBlank();
        assertThat(auth.getIntermediateSessionToken()).isEmpty();
        assertThat(auth.getMethodId()).isNotBlank();
        MemberSession session = auth.getMemberSession();
        assertThat(session).isNotNull();
        assertThat(session.getMemberId()).isEqualTo(auth.getMemberId());
        assertThat(session.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(session.getOrganizationSlug()).isEqualTo(org.getOrganizationSlug());
        assertThat(Duration.between(session.getStartedAt(), session.getExpiresAt()))
                .isEqualTo(Duration.ofMinutes(60));
        assertThat(session.getRoles()).contains("stytch_member");
        assertIsTheMagicLinkFactor(session.getAuthenticationFactors(), email);

        // 4. The JWT verifies locally against the JWKS: authenticateJwtLocal never calls the API, and
        //    authenticateJwt (local first, remote fallback) makes no sessions/authenticate call.
        String jwt = auth.getSessionJWT();
        long remoteChecksBefore = metrics.requests(ServerMetrics.SESSIONS_AUTHENTICATE);
        MemberSession local = verifyLocally(stytch, jwt);
        assertThat(local.getMemberSessionId()).isEqualTo(session.getMemberSessionId());
        assertThat(local.getMemberId()).isEqualTo(session.getMemberId());
        assertThat(local.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(local.getOrganizationSlug()).isEqualTo(org.getOrganizationSlug());
        assertThat(local.getStartedAt()).isEqualTo(session.getStartedAt());
        assertThat(local.getExpiresAt()).isEqualTo(session.getExpiresAt());
        assertThat(local.getRoles()).isEqualTo(session.getRoles());
        assertIsTheMagicLinkFactor(local.getAuthenticationFactors(), email);
        MemberSession checked = ok(stytch.getSessions().authenticateJwtCompletable(jwt, null, null));
        assertThat(checked.getMemberSessionId()).isEqualTo(session.getMemberSessionId());

        // 5. sessions.authenticate by session_token: the one remote check of this test.
        com.stytch.java.b2b.models.sessions.AuthenticateResponse remote =
                ok(stytch.getSessions().authenticateCompletable(new AuthenticateRequest(auth.getSessionToken())));
        assertThat(remote.getMemberSession().getMemberSessionId()).isEqualTo(session.getMemberSessionId());
        assertThat(remote.getMember().getMemberId()).isEqualTo(auth.getMemberId());
        assertThat(remote.getOrganization().getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertThat(remote.getSessionToken()).isEqualTo(auth.getSessionToken());
        assertThat(remote.getSessionJWT()).isNotBlank();
        assertOnlyOneRemoteCheckSince(remoteChecksBefore, org.getOrganizationId(), auth.getMemberId());

        // 6. sessions.revoke; the revoked session fails every remote check at once.
        ok(stytch.getSessions()
                .revokeCompletable(
                        new RevokeRequest(null, auth.getSessionToken(), null, null), new RevokeRequestOptions()));
        assertApiError(
                stytch.getSessions().authenticateCompletable(new AuthenticateRequest(auth.getSessionToken())),
                404,
                "session_not_found");
        assertApiError(
                stytch.getSessions().authenticateCompletable(new AuthenticateRequest(null, null, jwt)),
                404,
                "session_not_found");

        // 7. Expected: a JWT is self-contained, so the one minted before the revoke still verifies
        //    locally until its exp (5 minutes after minting). Applications that must see a revoke at
        //    once check remotely (sessions.authenticate, or a max token age).
        assertThat(verifyLocally(stytch, jwt).getMemberSessionId()).isEqualTo(session.getMemberSessionId());
    }

    /**
     * Exactly one sessions/authenticate request since {@code before}. A request is counted just
     * after it is answered, so a later request (sessions.get) is made and seen counted first.
     */
    private void assertOnlyOneRemoteCheckSince(long before, String organizationId, String memberId) {
        metrics.awaitRequests(ServerMetrics.SESSIONS_AUTHENTICATE, count -> count >= before + 1);
        long gets = metrics.requests(ServerMetrics.SESSIONS_GET);
        ok(stytch.getSessions()
                .getCompletable(new com.stytch.java.b2b.models.sessions.GetRequest(organizationId, memberId)));
        metrics.awaitRequests(ServerMetrics.SESSIONS_GET, count -> count > gets);
        assertThat(metrics.requests(ServerMetrics.SESSIONS_AUTHENTICATE))
                .as("sessions/authenticate requests: only the explicit remote check, none from authenticateJwt")
                .isEqualTo(before + 1);
    }
}
