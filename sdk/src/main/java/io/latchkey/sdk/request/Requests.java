package io.latchkey.sdk.request;

import io.latchkey.api.session.RevokeSessionRequest;
import java.util.List;
import java.util.Objects;

/**
 * Where request builders start, for the requests with many optional fields. Required fields are
 * the factory's arguments (null is refused with {@link NullPointerException}); the rest are
 * optional setters. Every builder ends in {@code build()}, which returns the api record the
 * client takes:
 *
 * <pre>{@code
 * client.organizations().create(
 *     Requests.createOrganization("Acme").organizationSlug("acme").build());
 * }</pre>
 *
 * <p>Thread-safe (stateless); the builders themselves are not.
 */
public final class Requests {
    private Requests() {}

    /** {@code organizations().create}: an organization named {@code organizationName}. */
    public static CreateOrganizationBuilder createOrganization(String organizationName) {
        return new CreateOrganizationBuilder(organizationName);
    }

    /** {@code organizations().update}: changes only what is set. */
    public static UpdateOrganizationBuilder updateOrganization() {
        return new UpdateOrganizationBuilder();
    }

    /** {@code organizations().search}: everything unless a query is set. */
    public static SearchOrganizationsBuilder searchOrganizations() {
        return new SearchOrganizationsBuilder();
    }

    /** {@code members().create}: a member with this email address. */
    public static CreateMemberBuilder createMember(String emailAddress) {
        return new CreateMemberBuilder(emailAddress);
    }

    /** {@code members().update}: changes only what is set. */
    public static UpdateMemberBuilder updateMember() {
        return new UpdateMemberBuilder();
    }

    /** Member search over these organizations (ids, slugs or external ids); at least one. */
    public static SearchMembersBuilder searchMembers(String... organizationIds) {
        return searchMembers(List.of(organizationIds));
    }

    /** As {@link #searchMembers(String...)}. */
    public static SearchMembersBuilder searchMembers(List<String> organizationIds) {
        if (organizationIds.isEmpty()) {
            throw new IllegalArgumentException("member search needs at least one organization id");
        }
        return new SearchMembersBuilder(organizationIds);
    }

    /** {@code magicLinks().email().loginOrSignup}: a link to this email for this organization. */
    public static LoginOrSignupBuilder loginOrSignup(String organizationId, String emailAddress) {
        return new LoginOrSignupBuilder(organizationId, emailAddress);
    }

    /** {@code magicLinks().email().invite}: an invitation to this email into this organization. */
    public static InviteBuilder invite(String organizationId, String emailAddress) {
        return new InviteBuilder(organizationId, emailAddress);
    }

    /** From the {@code token} query parameter of the clicked link. */
    public static AuthenticateMagicLinkBuilder authenticateMagicLink(String magicLinksToken) {
        return new AuthenticateMagicLinkBuilder(magicLinksToken);
    }

    /** From the {@code token} query parameter of an SSO login's redirect ({@code stytch_token_type=sso}). */
    public static AuthenticateSsoBuilder authenticateSso(String ssoToken) {
        return new AuthenticateSsoBuilder(ssoToken);
    }

    /** {@code passwords().authenticate}: email and password into an organization, a 60-minute session. */
    public static io.latchkey.api.password.AuthenticateRequest passwordAuthenticate(
            String organizationId, String emailAddress, String password) {
        return new io.latchkey.api.password.AuthenticateRequest(
                organizationId, emailAddress, password, null, 60, null, null, null, null, null);
    }

    /** {@code passwords().email().resetStart}: a reset link to the project's default reset URL. */
    public static io.latchkey.api.password.ResetStartRequest passwordResetStart(
            String organizationId, String emailAddress) {
        return new io.latchkey.api.password.ResetStartRequest(
                organizationId, emailAddress, null, null, null, null, null, null, null);
    }

    /** {@code passwords().email().reset}: the link's token and the new password, a 60-minute session. */
    public static io.latchkey.api.password.ResetRequest passwordReset(String passwordResetToken, String password) {
        return new io.latchkey.api.password.ResetRequest(
                passwordResetToken, password, null, 60, null, null, null, null, null, null);
    }

    /** {@code passwords().resetWithSession}: a new password for the member of this session token. */
    public static io.latchkey.api.password.SessionResetRequest passwordSessionReset(
            String organizationId, String sessionToken, String password) {
        return new io.latchkey.api.password.SessionResetRequest(
                organizationId, password, sessionToken, null, null, null, null, null);
    }

    /** {@code passwords().resetWithExistingPassword}: the current password proves the member. */
    public static io.latchkey.api.password.ExistingPasswordResetRequest passwordExistingReset(
            String organizationId, String emailAddress, String existingPassword, String newPassword) {
        return new io.latchkey.api.password.ExistingPasswordResetRequest(
                emailAddress, existingPassword, newPassword, organizationId, null, 60, null, null, null, null);
    }

    /** A session check by session token (the {@code stytch_session} cookie). */
    public static AuthenticateSessionBuilder authenticateSessionToken(String sessionToken) {
        return new AuthenticateSessionBuilder().sessionToken(Objects.requireNonNull(sessionToken, "sessionToken"));
    }

    /** A session check by session JWT (the {@code stytch_session_jwt} cookie). */
    public static AuthenticateSessionBuilder authenticateSessionJwt(String sessionJwt) {
        return new AuthenticateSessionBuilder().sessionJwt(Objects.requireNonNull(sessionJwt, "sessionJwt"));
    }

    /** Moving a session to {@code organizationId}; then set its session token or JWT. */
    public static ExchangeSessionBuilder exchangeSession(String organizationId) {
        return new ExchangeSessionBuilder(organizationId);
    }

    /** Revokes the session this token belongs to. */
    public static RevokeSessionRequest revokeSessionToken(String sessionToken) {
        return new RevokeSessionRequest(null, Objects.requireNonNull(sessionToken, "sessionToken"), null, null);
    }

    /** Revokes the session this JWT belongs to. */
    public static RevokeSessionRequest revokeSessionJwt(String sessionJwt) {
        return new RevokeSessionRequest(null, null, Objects.requireNonNull(sessionJwt, "sessionJwt"), null);
    }

    /** Revokes one session by its {@code member_session_id}. */
    public static RevokeSessionRequest revokeMemberSession(String memberSessionId) {
        return new RevokeSessionRequest(Objects.requireNonNull(memberSessionId, "memberSessionId"), null, null, null);
    }

    /** Revokes every session of the member. */
    public static RevokeSessionRequest revokeAllSessionsOf(String memberId) {
        return new RevokeSessionRequest(null, null, null, Objects.requireNonNull(memberId, "memberId"));
    }
}
