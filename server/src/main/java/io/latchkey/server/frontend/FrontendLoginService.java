package io.latchkey.server.frontend;

import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkResponse;
import io.latchkey.api.discovery.CreateOrganizationViaDiscoveryRequest;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsResponse;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailResponse;
import io.latchkey.api.magiclink.InviteRequest;
import io.latchkey.api.magiclink.InviteResponse;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpAuthenticateResponse;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupResponse;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.discovery.DiscoveryService;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryCreate;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryExchange;
import io.latchkey.server.frontend.FrontendBodies.DiscoveryList;
import io.latchkey.server.frontend.FrontendBodies.EmailOtpAuthenticate;
import io.latchkey.server.frontend.FrontendBodies.Invite;
import io.latchkey.server.frontend.FrontendBodies.SessionExchange;
import io.latchkey.server.magiclink.MagicLinkService;
import io.latchkey.server.otp.EmailOtpService;
import io.latchkey.server.project.FrontendCall;
import io.latchkey.server.project.FrontendSettings;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;
import io.latchkey.server.signin.SessionExchangeService;

/**
 * The frontend SDK's first-factor calls beyond the magic link itself: invites, discovery (by
 * magic link), the session and intermediate-session exchanges, and email OTP. Each is the
 * backend call with what the browser may not choose taken from its session or dropped: an invite
 * goes to the session's own organization within the member's RBAC permissions, an organization
 * is created from discovery only where the project switched that on, and an intermediate
 * session is read from the body only (the SDK keeps it there), never invented from the header.
 */
public final class FrontendLoginService {
    private final FrontendService frontend;
    private final MagicLinkService magicLinks;
    private final DiscoveryService discovery;
    private final SessionExchangeService exchange;
    private final EmailOtpService emailOtps;
    private final MemberActions asMember;

    public FrontendLoginService(
            FrontendService frontend,
            MagicLinkService magicLinks,
            DiscoveryService discovery,
            SessionExchangeService exchange,
            EmailOtpService emailOtps,
            MemberActions asMember) {
        this.frontend = frontend;
        this.magicLinks = magicLinks;
        this.discovery = discovery;
        this.exchange = exchange;
        this.emailOtps = emailOtps;
        this.asMember = asMember;
    }

    /** An invite from the session's member to its own organization ({@code create} on {@code stytch.member}). */
    public InviteResponse invite(Project project, String sessionToken, Invite r) {
        AuthenticateSessionResponse session = frontend.session(project, sessionToken, null);
        String organizationId = session.organization().organizationId();
        asMember.invite(project, new MemberCredential(sessionToken, null), organizationId, r.roles());
        return magicLinks.invite(
                project,
                new InviteRequest(
                        organizationId,
                        r.emailAddress(),
                        r.inviteRedirectUrl(),
                        session.member().memberId(),
                        r.name(),
                        null,
                        r.untrustedMetadata(),
                        r.inviteTemplateId(),
                        r.locale(),
                        r.roles(),
                        r.inviteExpirationMinutes()));
    }

    public SendDiscoveryEmailResponse sendDiscovery(
            Project project, FrontendSettings settings, SendDiscoveryEmailRequest r) {
        if (settings.pkceRequired() && blank(r.pkceCodeChallenge())) {
            throw new ApiException(
                    ErrorType.MISSING_REQUIRED_FIELD,
                    "pkce_code_challenge is required: this project requires PKCE for magic links started in the browser.");
        }
        return discovery.send(project, r);
    }

    public AuthenticateDiscoveryMagicLinkResponse authenticateDiscovery(
            Project project, FrontendSettings settings, AuthenticateDiscoveryMagicLinkRequest r) {
        if (settings.pkceRequired() && blank(r.pkceCodeVerifier())) {
            throw new ApiException(
                    ErrorType.PKCE_EXPECTED_CODE_VERIFIER,
                    "pkce_code_verifier is required: this project requires PKCE for magic links started in the browser.");
        }
        return discovery.authenticate(project, r);
    }

    /** The organizations of the intermediate session's email, else of the header session's member. */
    public ListDiscoveredOrganizationsResponse listOrganizations(
            Project project, String sessionToken, DiscoveryList r) {
        if (!blank(r.intermediateSessionToken())) {
            return discovery.list(
                    project, new ListDiscoveredOrganizationsRequest(r.intermediateSessionToken(), null, null));
        }
        return discovery.list(
                project,
                new ListDiscoveredOrganizationsRequest(null, FrontendService.requireSession(sessionToken), null));
    }

    public ExchangeResponse createOrganization(Project project, FrontendSettings settings, DiscoveryCreate r) {
        if (!settings.enables(FrontendCall.CREATE_ORGANIZATIONS)) {
            throw FrontendService.notEnabled(
                    "Creating organizations from the frontend SDK", FrontendCall.CREATE_ORGANIZATIONS);
        }
        return discovery.createOrganization(
                project,
                new CreateOrganizationViaDiscoveryRequest(
                        requireIntermediateSession(r.intermediateSessionToken()),
                        r.sessionDurationMinutes(),
                        null,
                        r.organizationName(),
                        r.organizationSlug(),
                        null,
                        r.organizationLogoUrl(),
                        null,
                        r.ssoJitProvisioning(),
                        r.emailAllowedDomains(),
                        r.emailJitProvisioning(),
                        r.emailInvites(),
                        r.authMethods(),
                        r.allowedAuthMethods(),
                        r.mfaPolicy(),
                        null,
                        null,
                        null,
                        r.oauthTenantJitProvisioning(),
                        r.allowedOauthTenants(),
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    public ExchangeResponse exchangeIntermediateSession(Project project, DiscoveryExchange r) {
        return discovery.exchange(
                project,
                new ExchangeIntermediateSessionRequest(
                        requireIntermediateSession(r.intermediateSessionToken()),
                        r.organizationId(),
                        r.sessionDurationMinutes(),
                        null,
                        r.locale(),
                        null));
    }

    /** The header's session, exchanged for one in another organization of the same email. */
    public ExchangeResponse exchangeSession(Project project, String sessionToken, SessionExchange r) {
        return exchange.exchange(
                project,
                new ExchangeSessionRequest(
                        r.organizationId(),
                        FrontendService.requireSession(sessionToken),
                        null,
                        r.sessionDurationMinutes(),
                        null,
                        r.locale(),
                        null));
    }

    public EmailOtpLoginOrSignupResponse emailOtpLoginOrSignup(Project project, EmailOtpLoginOrSignupRequest r) {
        return emailOtps.loginOrSignup(project, r);
    }

    public EmailOtpAuthenticateResponse emailOtpAuthenticate(Project project, EmailOtpAuthenticate r) {
        return emailOtps.authenticate(
                project,
                new EmailOtpAuthenticateRequest(
                        r.organizationId(),
                        r.emailAddress(),
                        r.code(),
                        null,
                        null,
                        blank(r.intermediateSessionToken()) ? null : r.intermediateSessionToken(),
                        r.sessionDurationMinutes(),
                        null,
                        r.locale(),
                        null));
    }

    static String requireIntermediateSession(String token) {
        if (blank(token)) {
            throw new ApiException(
                    ErrorType.MISSING_REQUIRED_FIELD,
                    "intermediate_session_token is required: complete a discovery login in this browser first.");
        }
        return token;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
