package io.latchkey.server.sso;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.magiclink.Pkce;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.sso.SsoStore.OidcRequest;
import io.latchkey.server.store.Database;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The redirect that begins an SSO login over OpenID Connect: the authorization request to the IdP
 * with a fresh state, nonce and PKCE verifier, remembered (hashed, the verifier sealed) for ten
 * minutes, after the application's redirect URLs are checked. Thread-safe.
 */
final class OidcAuthorizationStart {
    private final Database db;
    private final SsoStore store;
    private final ProjectService projects;
    private final ExternalConnections externals;
    private final SecretBox box;
    private final String baseUrl;
    private final Clock clock;

    OidcAuthorizationStart(
            Database db,
            SsoStore store,
            ProjectService projects,
            ExternalConnections externals,
            SecretBox box,
            String baseUrl,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.externals = externals;
        this.box = box;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * {@code GET /v1/public/sso/start}: where to send the browser. The redirect URLs are checked
     * against the project's allow-list (defaults when absent) before anything is stored.
     */
    String start(
            Project project,
            String connectionId,
            String loginRedirectUrl,
            String signupRedirectUrl,
            String pkceCodeChallenge) {
        if (connectionId == null || connectionId.isBlank()) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "connection_id is required.");
        }
        String challenge = Pkce.validChallenge(pkceCodeChallenge);
        RedirectPolicy policy = projects.redirectPolicy(project.projectId());
        String login = policy.resolve(RedirectUrlType.LOGIN, loginRedirectUrl);
        String signup = policy.resolve(RedirectUrlType.SIGNUP, signupRedirectUrl);
        return db.inTransaction(tx -> {
            SsoConnection named =
                    store.find(tx, project.projectId(), connectionId).orElseThrow(SsoService::connectionNotFound);
            // An external connection signs in through its source's IdP; the login remembers it.
            String via = SsoConnection.EXTERNAL.equals(named.kind()) ? named.connectionId() : null;
            SsoConnection c = via == null
                    ? named
                    : externals
                            .find(tx, project.projectId(), via)
                            .flatMap(e -> store.find(tx, project.projectId(), e.sourceId()))
                            .orElseThrow(SsoService::connectionNotFound);
            SsoLoginService.requireActiveOidc(c);
            Instant now = Timestamps.truncate(clock.instant());
            State state = new State(Tokens.newToken());
            Nonce nonce = new Nonce(Tokens.newToken());
            CodeVerifier verifier = new CodeVerifier();
            String stateHash = Tokens.hash(state.getValue());
            store.insertOidcRequest(
                    tx,
                    stateHash,
                    new OidcRequest(
                            project.projectId(),
                            c.connectionId(),
                            via,
                            Tokens.hash(nonce.getValue()),
                            box.seal(verifier.getValue(), SsoLoginService.verifierContext(stateHash)),
                            login,
                            signup,
                            challenge),
                    now,
                    now.plus(SsoLoginService.FLOW_LIFETIME));
            OidcConfig o = c.oidc();
            Scope scope = new Scope("openid", "email", "profile");
            if (!o.customScopes().isBlank()) {
                for (String s : o.customScopes().strip().split("\\s+")) {
                    scope.add(s);
                }
            }
            return new AuthenticationRequest.Builder(
                            ResponseType.CODE,
                            scope,
                            new ClientID(o.clientId()),
                            URI.create(SsoUrls.callback(baseUrl, c.connectionId())))
                    .endpointURI(URI.create(o.authorizationUrl()))
                    .state(state)
                    .nonce(nonce)
                    .codeChallenge(verifier, CodeChallengeMethod.S256)
                    .build()
                    .toURI()
                    .toString();
        });
    }
}
