package io.latchkey.server.sso;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.sso.SsoStore.OidcRequest;
import io.latchkey.server.sso.SsoStore.PendingLogin;
import io.latchkey.server.store.Database;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * The IdP's answer to an OIDC login: the state spent once, the code exchanged with the client
 * secret and PKCE verifier, the ID token checked (signature against the IdP's JWKS, issuer,
 * audience, expiry, nonce and {@code email_verified}), and a single-use SSO token handed to the
 * application. The calls to the IdP happen outside any transaction. Thread-safe.
 */
final class OidcCallback {
    private final Database db;
    private final SsoStore store;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final ExternalConnections externals;
    private final SecretBox box;
    private final String baseUrl;
    private final OidcIdp idp;
    private final Clock clock;

    OidcCallback(
            Database db,
            SsoStore store,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            ExternalConnections externals,
            SecretBox box,
            String baseUrl,
            OidcIdp idp,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.externals = externals;
        this.box = box;
        this.baseUrl = baseUrl;
        this.idp = idp;
        this.clock = clock;
    }

    /**
     * {@code GET /v1/b2b/sso/callback/{connection_id}} for an OIDC connection: where to send the
     * browser, the application's redirect URL with {@code stytch_token_type=sso&token=…}.
     */
    String callback(String connectionId, Map<String, String> query) {
        String stateValue = query.get("state");
        if (stateValue == null || stateValue.isBlank()) {
            throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP's answer has no state.");
        }
        Instant now = Timestamps.truncate(clock.instant());
        String stateHash = Tokens.hash(stateValue);
        // The state is spent before anything else, so an answer is never checked twice.
        record Begun(SsoConnection connection, OidcRequest request, Project project) {}
        Begun begun = db.inTransaction(tx -> {
            SsoConnection c = store.findAnyProject(tx, connectionId).orElseThrow(SsoService::connectionNotFound);
            OidcRequest r = store.consumeOidcRequest(tx, c.connectionId(), stateHash, now)
                    .orElseThrow(() -> new ApiException(
                            ErrorType.EXPIRED_OIDC_RESPONSE,
                            "The IdP's answer is unknown, already used or expired: start the login again."));
            Project project = projects.find(c.projectId()).orElseThrow(SsoService::connectionNotFound);
            return new Begun(c, r, project);
        });
        if (query.get("error") != null) {
            throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP refused the login.");
        }
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            throw new ApiException(ErrorType.OIDC_RESPONSE_INVALID, "The IdP's answer has no code.");
        }
        SsoConnection c = begun.connection();
        SsoLoginService.requireActiveOidc(c);
        OidcConfig o = c.oidc();
        String secret = new String(
                box.open(c.sealedSecret(), SsoConnection.sealingContext(c.connectionId())), StandardCharsets.UTF_8);
        String verifier = new String(
                box.open(begun.request().sealedVerifier(), SsoLoginService.verifierContext(stateHash)),
                StandardCharsets.UTF_8);
        IDTokenClaimsSet claims = exchange(o, c.connectionId(), code, secret, verifier);
        if (claims.getNonce() == null
                || !Tokens.constantTimeEquals(
                        Tokens.hash(claims.getNonce().getValue()),
                        begun.request().nonceHash())) {
            throw new ApiException(
                    ErrorType.ID_TOKEN_NONCE_INVALID, "The ID token's nonce is not the one this login sent.");
        }
        if (!Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"))) {
            throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The IdP does not say the member's email is verified.");
        }
        String email;
        try {
            email = Emails.normalize(claims.getStringClaim(mapped(o, "email", "email")));
        } catch (ApiException e) {
            throw new ApiException(ErrorType.ID_TOKEN_INVALID, "The ID token carries no valid email address.");
        }
        String nameClaim = claims.getStringClaim(mapped(o, "full_name", "name"));
        String name = nameClaim == null ? "" : nameClaim.strip();
        String token = Tokens.newToken();
        Project project = begun.project();
        String via = begun.request().viaConnectionId();
        String target = db.inTransaction(tx -> {
            // A login started through an external connection lands in that connection's organization.
            String loginConnectionId = c.connectionId();
            String organizationId = c.organizationId();
            if (via != null) {
                SsoExternalStore.External e = externals
                        .find(tx, project.projectId(), via)
                        .filter(x -> x.sourceId().equals(c.connectionId()))
                        .orElseThrow(SsoService::connectionNotFound);
                loginConnectionId = e.connectionId();
                organizationId = e.organizationId();
            }
            Organization org = organizations.resolve(tx, project, organizationId);
            boolean existing = members.findByEmail(tx, project, org, email).isPresent();
            store.insertToken(
                    tx,
                    Tokens.hash(token),
                    new PendingLogin(
                            project.projectId(),
                            org.organizationId(),
                            loginConnectionId,
                            email,
                            claims.getSubject().getValue(),
                            name,
                            begun.request().pkceCodeChallenge(),
                            Map.of()),
                    now,
                    now.plus(SsoLoginService.FLOW_LIFETIME));
            return existing
                    ? begun.request().loginRedirectUrl()
                    : begun.request().signupRedirectUrl();
        });
        return target + (target.contains("?") ? "&" : "?") + "stytch_token_type=sso&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The code for tokens at the IdP, and the ID token checked. */
    private IDTokenClaimsSet exchange(OidcConfig o, String connectionId, String code, String secret, String verifier) {
        TokenRequest request = new TokenRequest(
                URI.create(o.tokenUrl()),
                new ClientSecretBasic(new ClientID(o.clientId()), new Secret(secret)),
                new AuthorizationCodeGrant(
                        new AuthorizationCode(code),
                        URI.create(SsoUrls.callback(baseUrl, connectionId)),
                        new CodeVerifier(verifier)));
        JWT idToken = idp.exchange(o, request);
        return idp.validate(connectionId, o, idToken);
    }

    private static String mapped(OidcConfig o, String key, String fallback) {
        Object v = o.attributeMapping() == null ? null : o.attributeMapping().get(key);
        return v instanceof String s && !s.isBlank() ? s : fallback;
    }
}
