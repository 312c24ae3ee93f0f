package io.latchkey.server.sso;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.SsoFactor;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.SSOAuthenticateResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.JitProvisioning;
import io.latchkey.server.organization.OrganizationPolicy;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.session.SessionDurations;
import io.latchkey.server.signin.SessionArguments;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInAnswers;
import io.latchkey.server.signin.SignInOutcome;
import io.latchkey.server.sso.SsoStore.PendingLogin;
import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sso.authenticate}: redeems the single-use SSO token the callback handed out (PKCE
 * checked first), finds or creates the member as the organization's JIT rules allow, records the
 * IdP's subject and signs in through {@link SignIn}. Thread-safe.
 */
final class SsoTokenRedemption {
    private final Database db;
    private final SsoStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SignIn signIn;
    private final ExternalConnections externals;
    private final Clock clock;

    SsoTokenRedemption(
            Database db,
            SsoStore store,
            OrganizationService organizations,
            MemberService members,
            SignIn signIn,
            ExternalConnections externals,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.signIn = signIn;
        this.externals = externals;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/sso/authenticate}. */
    SSOAuthenticateResponse authenticate(Project project, SSOAuthenticateRequest r) {
        if (r.ssoToken() == null || r.ssoToken().isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "sso_token is required.");
        }
        if (r.sessionToken() != null && r.sessionJwt() != null) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_ARGUMENTS, "Pass at most one of session_token and session_jwt.");
        }
        if (r.sessionDurationMinutes() != null) {
            SessionDurations.validated(r.sessionDurationMinutes());
        }
        SessionArguments args = new SessionArguments(
                r.intermediateSessionToken(),
                r.sessionToken(),
                r.sessionJwt(),
                r.sessionDurationMinutes(),
                r.sessionCustomClaims());
        SignInOutcome outcome = db.inTransaction(tx -> {
            Instant now = Timestamps.truncate(clock.instant());
            String hash = Tokens.hash(r.ssoToken());
            PendingLogin login =
                    store.findToken(tx, project.projectId(), hash).orElseThrow(SsoTokenRedemption::tokenNotFound);
            // Checked before the token is spent: a wrong verifier must not burn it.
            Pkce.check(login.pkceCodeChallenge(), r.pkceCodeVerifier());
            if (!store.consumeToken(tx, project.projectId(), hash, now)) {
                throw tokenNotFound();
            }
            Organization org = organizations.resolve(tx, project, login.organizationId());
            SsoConnection c = store.find(tx, project.projectId(), login.connectionId())
                    .orElseThrow(SsoService::connectionNotFound);
            // Through an external connection, the source's IdP vouched for the member.
            SsoConnection signing = !SsoConnection.EXTERNAL.equals(c.kind())
                    ? c
                    : externals
                            .find(tx, project.projectId(), c.connectionId())
                            .flatMap(e -> store.find(tx, project.projectId(), e.sourceId()))
                            .orElseThrow(SsoService::connectionNotFound);
            SsoLoginService.requireActive(signing);
            Optional<Member> existing = members.findByEmail(tx, project, org, login.emailAddress());
            Member member = existing.map(m -> "active".equals(m.status()) && m.emailAddressVerified()
                            ? m
                            : members.activateWithVerifiedEmail(tx, project, org.organizationId(), m.memberId()))
                    .orElseGet(() -> {
                        requireSsoJit(org, c.connectionId());
                        return members.createVerifiedNamed(
                                tx, project, org.organizationId(), login.emailAddress(), login.name());
                    });
            // The registration binds the IdP's subject to the member; the factor names it.
            Map<String, Object> attributes = new java.util.LinkedHashMap<>();
            attributes.put("email", login.emailAddress());
            if (!login.name().isEmpty()) {
                attributes.put("name", login.name());
            }
            attributes.putAll(login.attributes());
            String registrationId = members.recordSsoRegistration(
                    tx,
                    project,
                    member.memberId(),
                    c.connectionId(),
                    login.subject(),
                    attributes,
                    SsoConnection.SAML.equals(c.kind()) ? SamlRoleGrants.of(c, login.attributes()) : List.of());
            Member registered =
                    members.findById(tx, project, org, member.memberId()).orElse(member);
            SsoFactor sso = new SsoFactor(registrationId, c.connectionId(), login.subject());
            AuthenticationFactor factor = SsoConnection.SAML.equals(signing.kind())
                    ? AuthenticationFactor.samlSso(sso, Timestamps.format(now))
                    : AuthenticationFactor.oidcSso(sso, Timestamps.format(now));
            return signIn.complete(tx, project, org, registered, factor, args);
        });
        return SignInAnswers.sso(signIn.finish(project, outcome));
    }

    private static void requireSsoJit(Organization org, String connectionId) {
        JitProvisioning jit = OrganizationPolicy.ssoJitProvisioning(org);
        boolean allowed = jit == JitProvisioning.ALL_ALLOWED
                || (jit == JitProvisioning.RESTRICTED
                        && org.ssoJitProvisioningAllowedConnections().contains(connectionId));
        if (!allowed) {
            throw new ApiException(
                    ErrorType.INVALID_CONNECTION_FOR_JIT_PROVISIONING,
                    "The organization does not create members through this SSO connection (sso_jit_provisioning).");
        }
    }

    private static ApiException tokenNotFound() {
        return new ApiException(ErrorType.SSO_TOKEN_NOT_FOUND, "The SSO token is unknown, already used or expired.");
    }
}
