package io.latchkey.server;

import io.latchkey.server.config.Settings;
import io.latchkey.server.core.KeyedHash;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.discovery.DiscoveryRoutes;
import io.latchkey.server.discovery.DiscoveryService;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.magiclink.MagicLinkRoutes;
import io.latchkey.server.magiclink.MagicLinkService;
import io.latchkey.server.magiclink.MagicLinkStore;
import io.latchkey.server.mail.MailService;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.mfa.MfaAttemptService;
import io.latchkey.server.mfa.MfaAttemptStore;
import io.latchkey.server.mfa.SecondFactorService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.otp.EmailOtpService;
import io.latchkey.server.otp.OtpRoutes;
import io.latchkey.server.otp.OtpStore;
import io.latchkey.server.otp.SmsOtpService;
import io.latchkey.server.outbound.OutboundHttp;
import io.latchkey.server.outbound.TargetPolicy;
import io.latchkey.server.password.HashingPool;
import io.latchkey.server.password.PasswordHasher;
import io.latchkey.server.password.PasswordRoutes;
import io.latchkey.server.password.PasswordService;
import io.latchkey.server.password.PasswordStore;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.ratelimit.RateLimitService;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.recoverycode.RecoveryCodeRoutes;
import io.latchkey.server.recoverycode.RecoveryCodeService;
import io.latchkey.server.recoverycode.RecoveryCodeStore;
import io.latchkey.server.session.SessionService;
import io.latchkey.server.signin.IntermediateSessionService;
import io.latchkey.server.signin.IntermediateSessionStore;
import io.latchkey.server.signin.SessionExchangeService;
import io.latchkey.server.signin.SignIn;
import io.latchkey.server.signin.SignInRoutes;
import io.latchkey.server.sso.SamlConnectionService;
import io.latchkey.server.sso.SamlRoutes;
import io.latchkey.server.sso.SamlStore;
import io.latchkey.server.sso.SsoLoginService;
import io.latchkey.server.sso.SsoRoutes;
import io.latchkey.server.sso.SsoService;
import io.latchkey.server.sso.SsoStore;
import io.latchkey.server.store.Database;
import io.latchkey.server.totp.TotpRoutes;
import io.latchkey.server.totp.TotpService;
import io.latchkey.server.totp.TotpStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The part of the object graph that signs members in: the one sign-in path and every login
 * method that ends in it (magic links, discovery, passwords, SSO, email and SMS passcodes, TOTP,
 * recovery codes), with their routes. {@link App} builds the rest and hands it the services
 * these depend on. A new login method is wired here (docs/DEVELOPING.md, "Adding a login method").
 */
final class LoginMethods {
    /** What the login methods are built on; owned and closed by {@link App}. */
    record Foundation(
            Settings settings,
            Clock clock,
            Database db,
            SecretBox secretBox,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            SessionService sessions,
            MailService mail,
            RateLimitService rateLimits,
            MemberActions asMember,
            RoleCatalog roles,
            List<AutoCloseable> closeables,
            MeterRegistry meters) {}

    /** The login services Stytch's frontend SDK calls too (wired in {@link App} with the frontend layer). */
    record ForFrontend(
            DiscoveryService discovery,
            SessionExchangeService sessionExchange,
            EmailOtpService emailOtps,
            SmsOtpService smsOtps,
            TotpService totps,
            RecoveryCodeService recoveryCodes) {}

    final SignIn signIn;
    final MagicLinkService magicLinks;
    final ForFrontend forFrontend;
    final PasswordService passwords;
    final List<RouteGroup> routes;

    LoginMethods(Foundation f) {
        Settings settings = f.settings();
        Clock clock = f.clock();
        Database db = f.db();
        SecretBox secretBox = f.secretBox();
        ProjectService projects = f.projects();
        OrganizationService organizations = f.organizations();
        MemberService members = f.members();
        SessionService sessions = f.sessions();
        MailService mail = f.mail();
        RateLimitService rateLimits = f.rateLimits();
        MemberActions asMember = f.asMember();

        IntermediateSessionService intermediateSessions =
                new IntermediateSessionService(new IntermediateSessionStore(), clock);
        // Every login method ends in the one sign-in path.
        this.signIn = new SignIn(sessions, intermediateSessions);
        SessionExchangeService sessionExchange =
                new SessionExchangeService(db, sessions, signIn, organizations, members);
        this.magicLinks = new MagicLinkService(
                db, new MagicLinkStore(), projects, organizations, members, signIn, mail, rateLimits, clock);
        DiscoveryService discovery = new DiscoveryService(
                db, magicLinks, intermediateSessions, signIn, sessions, organizations, members, clock);

        // Second factors (and email OTP): codes and secrets hashed or sealed under the master key.
        KeyedHash keyedHash = new KeyedHash(settings.masterKey());
        MfaAttemptService mfaAttempts = new MfaAttemptService(new MfaAttemptStore(), members, clock);
        SecondFactorService secondFactors = new SecondFactorService(signIn, members);
        RecoveryCodeService recoveryCodes = new RecoveryCodeService(
                db, new RecoveryCodeStore(), secretBox, keyedHash, organizations, members, mfaAttempts, signIn, clock);
        TotpService totps = new TotpService(
                db,
                new TotpStore(),
                secretBox,
                recoveryCodes,
                organizations,
                members,
                secondFactors,
                mfaAttempts,
                signIn,
                clock);
        OtpStore otpStore = new OtpStore();
        SmsOtpService smsOtps = new SmsOtpService(
                db,
                otpStore,
                keyedHash,
                organizations,
                members,
                secondFactors,
                mfaAttempts,
                signIn,
                mail,
                rateLimits,
                clock);
        EmailOtpService emailOtps = new EmailOtpService(
                db, otpStore, keyedHash, organizations, members, signIn, mfaAttempts, mail, rateLimits, clock);
        // A changed address, a deletion or a reactivation ends what was handed out for logging in
        // (links, passcodes, intermediate sessions) and the member's MFA locks, in the same transaction.
        members.addLoginsListener(magicLinks::expireForMember);
        members.addLoginsListener(emailOtps::expireCodesOfMember);
        members.addLoginsListener(intermediateSessions::expireForMember);
        members.addLoginsListener(mfaAttempts::forgetMember);

        // Passwords: Argon2id on a bounded pool of its own, so password floods cannot starve the rest.
        HashingPool hashingPool = new HashingPool(settings.passwordHashing(), f.meters());
        f.closeables().add(hashingPool);
        this.passwords = new PasswordService(
                db,
                new PasswordStore(),
                new PasswordHasher(settings.passwordHashing(), hashingPool),
                projects,
                organizations,
                members,
                sessions,
                signIn,
                discovery,
                mail,
                rateLimits,
                clock);
        members.addDeletionListener(passwords::onMemberDeleted);
        // Enterprise SSO: connections per organization. Every call to an IdP (SAML metadata, OIDC
        // token and JWKS) goes through one guarded client: https to public addresses, or to the
        // operator's allowed private networks; plain http and any address in dev mode only.
        TargetPolicy targets = new TargetPolicy(settings.devMode(), settings.ssoAllowedPrivateNetworks());
        OutboundHttp outbound = new OutboundHttp(targets);
        f.closeables().add(outbound);
        SsoStore ssoStore = new SsoStore();
        SamlStore samlStore = new SamlStore();
        SsoService sso =
                new SsoService(db, ssoStore, samlStore, organizations, secretBox, settings.baseUrl(), targets, clock);
        // SAML connections, whose metadata URL is fetched through the guarded client.
        SamlConnectionService samlConnections = new SamlConnectionService(
                db, ssoStore, samlStore, sso, organizations, f.roles(), secretBox, settings.baseUrl(), outbound, clock);
        organizations.setSsoConnectionDirectory(sso);
        sso.setRegistrationCleanup(members::forgetSsoConnection);
        // An organization's external connections go with the connections they were made from.
        organizations.addDeletionListener(sso.external()::onOrganizationDeleted);
        // The IdP's token and JWKS endpoints are called through the guarded client.
        SsoLoginService ssoLogins = new SsoLoginService(
                db,
                ssoStore,
                samlStore,
                sso,
                projects,
                organizations,
                members,
                signIn,
                secretBox,
                settings.baseUrl(),
                outbound,
                clock);

        this.forFrontend = new ForFrontend(discovery, sessionExchange, emailOtps, smsOtps, totps, recoveryCodes);
        this.routes = List.of(
                new MagicLinkRoutes(magicLinks, rateLimits, asMember),
                new SignInRoutes(sessionExchange),
                new DiscoveryRoutes(discovery, rateLimits),
                new OtpRoutes(smsOtps, emailOtps, rateLimits),
                new TotpRoutes(totps, rateLimits, asMember),
                new RecoveryCodeRoutes(recoveryCodes, rateLimits),
                new PasswordRoutes(passwords, rateLimits, asMember),
                new SsoRoutes(sso, ssoLogins, asMember),
                new SamlRoutes(samlConnections, asMember));
    }
}
