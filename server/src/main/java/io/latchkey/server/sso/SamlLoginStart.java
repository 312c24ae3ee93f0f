package io.latchkey.server.sso;

import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.sso.SamlStore.SamlRequest;
import io.latchkey.server.sso.saml.AuthnRequests;
import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Instant;

/**
 * The redirect that begins an SSO login over SAML: a signed AuthnRequest over the HTTP-Redirect
 * binding, its ID remembered for ten minutes with the application's redirect URLs (checked
 * first), so that the ACS takes only a response to a request this server sent. Thread-safe.
 */
final class SamlLoginStart {
    private final Database db;
    private final SsoStore store;
    private final SamlStore saml;
    private final ProjectService projects;
    private final SecretBox box;
    private final String baseUrl;
    private final Clock clock;

    SamlLoginStart(
            Database db,
            SsoStore store,
            SamlStore saml,
            ProjectService projects,
            SecretBox box,
            String baseUrl,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.saml = saml;
        this.projects = projects;
        this.box = box;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * Where to send the browser: the IdP's SSO URL with the AuthnRequest. {@code via} is the
     * external connection the login was started through (null for the SAML connection itself).
     */
    String start(
            Project project,
            SsoConnection c,
            String via,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {
        String challenge = Pkce.validChallenge(pkceCodeChallenge);
        RedirectPolicy policy = projects.redirectPolicy(project.projectId());
        String login = policy.resolve(RedirectUrlType.LOGIN, loginRedirectUrl);
        String signup = policy.resolve(RedirectUrlType.SIGNUP, signupRedirectUrl);
        SsoLoginService.requireActive(c);
        return db.inTransaction(tx -> {
            SamlSp sp = SamlSp.of(tx, saml, box, baseUrl, c);
            AuthnRequests.Redirect redirect = AuthnRequests.redirect(sp.settings(sp.signingKey()), null);
            Instant now = Timestamps.truncate(clock.instant());
            saml.insertRequest(
                    tx,
                    new SamlRequest(
                            redirect.requestId(), project.projectId(), c.connectionId(), via, login, signup, challenge),
                    now,
                    now.plus(SsoLoginService.FLOW_LIFETIME));
            return redirect.url();
        });
    }
}
