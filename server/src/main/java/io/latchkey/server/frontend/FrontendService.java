package io.latchkey.server.frontend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkResponse;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.api.magiclink.LoginOrSignupResponse;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.api.session.RevokeSessionResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import io.latchkey.server.magiclink.MagicLinkService;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.FrontendCall;
import io.latchkey.server.project.FrontendSettings;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;
import io.latchkey.server.rbac.PolicyService;
import io.latchkey.server.session.SessionService;

/**
 * The rules of Stytch's frontend SDK calls, over the services the backend API uses. The public
 * token names a project and proves nothing, so every call that reads or changes a member takes
 * the member from the session token the browser holds, never from the request: a member reaches
 * only itself and its own organization, and changes itself only where its roles allow
 * ({@code stytch.self}) and the project switched the call on.
 */
public final class FrontendService {
    private final SessionService sessions;
    private final MemberService members;
    private final MemberActions asMember;
    private final MagicLinkService magicLinks;
    private final PolicyService policies;
    private final OrganizationService organizations;

    public FrontendService(
            SessionService sessions,
            MemberService members,
            MemberActions asMember,
            MagicLinkService magicLinks,
            PolicyService policies,
            OrganizationService organizations) {
        this.sessions = sessions;
        this.members = members;
        this.asMember = asMember;
        this.magicLinks = magicLinks;
        this.policies = policies;
        this.organizations = organizations;
    }

    /** The document the SDK reads on start; fields it reads without checking must be present. */
    public ObjectNode bootstrap(Project project, FrontendSettings settings) {
        // A tree, not a map: the SDK reads cname_domain and password_config as present-and-null.
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("project_name", project.name());
        out.put("disable_sdk_watermark", true);
        out.putNull("cname_domain");
        out.putArray("email_domains");
        out.putObject("captcha_settings").put("enabled", false);
        out.put("pkce_required_for_email_magic_links", settings.pkceRequired());
        out.put("pkce_required_for_password_resets", settings.pkceRequired());
        out.put("pkce_required_for_oauth", settings.pkceRequired());
        out.put("pkce_required_for_sso", settings.pkceRequired());
        out.putNull("slug_pattern");
        out.put("create_organization_enabled", settings.enables(FrontendCall.CREATE_ORGANIZATIONS));
        out.putNull("password_config");
        out.put("dfp_protected_auth_enabled", false);
        out.set("rbac_policy", Json.mapper().valueToTree(policies.get(project.projectId())));
        out.put("siwe_required_for_crypto_wallets", false);
        out.put("vertical", "B2B");
        return out;
    }

    /** The session the browser holds, checked (and extended when {@code durationMinutes} is given). */
    public AuthenticateSessionResponse session(Project project, String sessionToken, Integer durationMinutes) {
        return sessions.authenticate(
                project,
                new AuthenticateSessionRequest(requireSession(sessionToken), null, durationMinutes, null, null));
    }

    /** Ends the session the browser holds, and only that one. */
    public RevokeSessionResponse revoke(Project project, String sessionToken) {
        return sessions.revoke(project, new RevokeSessionRequest(null, requireSession(sessionToken), null, null));
    }

    /** The member changes itself: the fields {@code self.update} sends, within its {@code stytch.self} permissions. */
    public MemberResponse updateSelf(Project project, FrontendSettings settings, String sessionToken, SelfUpdate r) {
        // The session first: a caller without one learns nothing about the project's settings.
        AuthenticateSessionResponse session = session(project, sessionToken, null);
        if (!settings.enables(FrontendCall.MEMBER_SELF_UPDATE)) {
            throw notEnabled("Members changing themselves from the frontend SDK", FrontendCall.MEMBER_SELF_UPDATE);
        }
        String organizationId = session.member().organizationId();
        String memberId = session.member().memberId();
        UpdateMemberRequest update = new UpdateMemberRequest(
                r.name(),
                null,
                r.untrustedMetadata(),
                null,
                r.mfaPhoneNumber(),
                r.mfaEnrolled(),
                null,
                null,
                r.defaultMfaMethod(),
                null,
                null,
                null);
        asMember.updateMember(project, new MemberCredential(sessionToken, null), organizationId, memberId, update);
        return members.update(project, organizationId, memberId, update);
    }

    public LoginOrSignupResponse loginOrSignup(Project project, FrontendSettings settings, LoginOrSignupRequest r) {
        if (settings.pkceRequired()
                && (r.pkceCodeChallenge() == null || r.pkceCodeChallenge().isBlank())) {
            throw new ApiException(
                    ErrorType.MISSING_REQUIRED_FIELD,
                    "pkce_code_challenge is required: this project requires PKCE for magic links started in the browser.");
        }
        return magicLinks.loginOrSignup(project, r);
    }

    /**
     * The backend call's rules apply as they are (PKCE, single use); the browser's own session is
     * not a way to attach a factor to a session it does not hold, so only the body's
     * intermediate session is taken.
     */
    public AuthenticateMagicLinkResponse authenticateMagicLink(
            Project project, FrontendSettings settings, MagicLinkAuthenticate r) {
        if (settings.pkceRequired()
                && (r.pkceCodeVerifier() == null || r.pkceCodeVerifier().isBlank())) {
            throw new ApiException(
                    ErrorType.PKCE_EXPECTED_CODE_VERIFIER,
                    "pkce_code_verifier is required: this project requires PKCE for magic links started in the browser.");
        }
        return magicLinks.authenticate(
                project,
                new AuthenticateMagicLinkRequest(
                        r.magicLinksToken(),
                        null,
                        r.pkceCodeVerifier(),
                        null,
                        null,
                        r.sessionDurationMinutes(),
                        null,
                        r.locale(),
                        r.intermediateSessionToken(),
                        null));
    }

    /** The session's own organization, changed within the member's {@code stytch.organization} permissions. */
    public Organization updateOrganization(Project project, String sessionToken, UpdateOrganizationRequest r) {
        String organizationId =
                session(project, sessionToken, null).organization().organizationId();
        asMember.updateOrganization(project, new MemberCredential(sessionToken, null), organizationId, r);
        return organizations.update(project, organizationId, r);
    }

    /** Deletes the session's own organization, when the member's roles allow {@code delete} on it. */
    public String deleteOrganization(Project project, String sessionToken) {
        String organizationId =
                session(project, sessionToken, null).organization().organizationId();
        asMember.deleteOrganization(project, new MemberCredential(sessionToken, null), organizationId);
        return organizations.delete(project, organizationId);
    }

    static ApiException notEnabled(String what, FrontendCall call) {
        return new ApiException(
                ErrorType.ENDPOINT_NOT_AUTHORIZED_FOR_SDK,
                what + " is not switched on for this project (latchkey project frontend enable PROJECT_ID "
                        + call.wireName() + ").");
    }

    static String requireSession(String sessionToken) {
        if (sessionToken == null) {
            // One of the error types that end the SDK's refresh retries.
            throw new ApiException(
                    ErrorType.UNAUTHORIZED_CREDENTIALS,
                    "No session: the Authorization header carries the public token in place of a session token.");
        }
        return sessionToken;
    }
}
