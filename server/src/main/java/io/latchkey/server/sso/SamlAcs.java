package io.latchkey.server.sso;

import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectPolicy;
import io.latchkey.server.project.RedirectUrlType;
import io.latchkey.server.sso.SamlStore.SamlRequest;
import io.latchkey.server.sso.SsoStore.PendingLogin;
import io.latchkey.server.sso.saml.ResponseCheck;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * The IdP's answer to a SAML login, posted to the ACS. A response naming a request (InResponseTo)
 * must answer one this server sent for this connection, spent once before the response is checked;
 * a response naming none is an IdP-initiated login, taken only while the connection's
 * {@code idp_initiated_auth_disabled} is false, and sent to the project's default login or signup
 * redirect URL (it carries no application URL, and none is taken from RelayState). Either way the
 * response is checked ({@link ResponseCheck}) outside any transaction, the assertion id remembered
 * in the database until it expires (a replay fails on every node), the member's attributes read
 * through the connection's mapping, and a single-use SSO token handed to the application.
 * Thread-safe.
 */
final class SamlAcs {
    private static final int MAX_REQUEST_ID = 256;

    private final Database db;
    private final SsoStore store;
    private final SamlStore saml;
    private final ProjectService projects;
    private final OrganizationService organizations;
    private final MemberService members;
    private final ExternalConnections externals;
    private final SecretBox box;
    private final String baseUrl;
    private final Clock clock;

    SamlAcs(
            Database db,
            SsoStore store,
            SamlStore saml,
            ProjectService projects,
            OrganizationService organizations,
            MemberService members,
            ExternalConnections externals,
            SecretBox box,
            String baseUrl,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.saml = saml;
        this.projects = projects;
        this.organizations = organizations;
        this.members = members;
        this.externals = externals;
        this.box = box;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** {@code POST /v1/b2b/sso/callback/{connection_id}}: the application's redirect URL with the SSO token. */
    String acs(String connectionId, String samlResponse) {
        Instant now = Timestamps.truncate(clock.instant());
        // Parsed once: the request is found and the response checked from the same document.
        ResponseCheck.Posted posted = ResponseCheck.read(samlResponse);
        // Null only when the response has no InResponseTo at all: an IdP-initiated login.
        String requestId = posted.inResponseTo();
        record Begun(SsoConnection connection, SamlRequest request, SamlSp sp, Project project) {}
        // The request is spent before the response is checked, so a response is never checked twice.
        Begun begun = db.inTransaction(tx -> {
            SsoConnection c = store.findAnyProject(tx, connectionId)
                    .filter(x -> x.kind().equals(SsoConnection.SAML))
                    .orElseThrow(SsoService::connectionNotFound);
            SsoLoginService.requireActive(c);
            SamlRequest r = requestId == null ? null : consume(tx, c, requestId, now);
            if (r == null && c.saml().idpInitiatedAuthDisabled()) {
                throw new ApiException(
                        ErrorType.SAML_RESPONSE_UNSOLICITED,
                        "The response answers no request (an IdP-initiated login), and this connection refuses"
                                + " IdP-initiated logins (idp_initiated_auth_disabled): start the login from the"
                                + " application.");
            }
            Project project = projects.find(c.projectId()).orElseThrow(SsoService::connectionNotFound);
            return new Begun(c, r, SamlSp.of(tx, saml, box, baseUrl, c), project);
        });
        SamlSp sp = begun.sp();
        SsoConnection c = begun.connection();
        Project project = begun.project();
        SamlRequest request = begun.request();
        // Read before the last transaction: an IdP-initiated login goes to the project's defaults.
        RedirectPolicy defaults = request == null ? projects.redirectPolicy(project.projectId()) : null;
        ResponseCheck.Checked checked = ResponseCheck.check(
                sp::settings, sp.decryptionKeys(), sp.acsUrl(), sp.acsUrls(), sp.audiences(), posted, requestId, now);
        SamlAttributes attributes = SamlAttributes.of(c.saml(), checked);
        String token = Tokens.newToken();
        String target = db.inTransaction(tx -> {
            if (!saml.rememberAssertion(
                    tx, project.projectId(), c.connectionId(), checked.assertionId(), now, checked.expiresAt())) {
                throw new ApiException(ErrorType.SAML_RESPONSE_DUPLICATE, "This assertion was already used to log in.");
            }
            // A login started through an external connection lands in that connection's organization.
            String loginConnectionId = c.connectionId();
            String organizationId = c.organizationId();
            String via = request == null ? null : request.viaConnectionId();
            if (via != null) {
                SsoExternalStore.External e = externals
                        .find(tx, project.projectId(), via)
                        .filter(x -> x.sourceId().equals(c.connectionId()))
                        .orElseThrow(SsoService::connectionNotFound);
                loginConnectionId = e.connectionId();
                organizationId = e.organizationId();
            }
            Organization org = organizations.resolve(tx, project, organizationId);
            boolean existing =
                    members.findByEmail(tx, project, org, attributes.email()).isPresent();
            String redirect = request != null
                    ? (existing ? request.loginRedirectUrl() : request.signupRedirectUrl())
                    : defaultRedirect(defaults, existing);
            store.insertToken(
                    tx,
                    Tokens.hash(token),
                    new PendingLogin(
                            project.projectId(),
                            org.organizationId(),
                            loginConnectionId,
                            attributes.email(),
                            checked.nameId() == null ? attributes.email() : checked.nameId(),
                            attributes.name(),
                            // No PKCE without a request: the token is redeemed without a code_verifier.
                            request == null ? null : request.pkceCodeChallenge(),
                            attributes.asMap()),
                    now,
                    now.plus(SsoLoginService.FLOW_LIFETIME));
            return redirect;
        });
        return target + (target.contains("?") ? "&" : "?") + "stytch_token_type=sso&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /**
     * Spends the request this response names. A response naming a request never falls back to an
     * IdP-initiated login: the request must be this connection's, unanswered and unexpired.
     */
    private SamlRequest consume(Tx tx, SsoConnection c, String requestId, Instant now) {
        if (requestId.isBlank() || requestId.length() > MAX_REQUEST_ID) {
            throw new ApiException(
                    ErrorType.SAML_RESPONSE_UNSOLICITED,
                    "The response's InResponseTo names no request of this server: start the login again.");
        }
        return saml.consumeRequest(tx, c.connectionId(), requestId, now)
                .orElseThrow(() -> new ApiException(
                        ErrorType.SAML_RESPONSE_UNSOLICITED,
                        "The response answers a request this server did not send, or one already answered or"
                                + " expired: start the login again."));
    }

    /** Where an IdP-initiated login goes: the project's default login (existing member) or signup URL. */
    private static String defaultRedirect(RedirectPolicy defaults, boolean existing) {
        return defaults.requireDefault(existing ? RedirectUrlType.LOGIN : RedirectUrlType.SIGNUP);
    }
}
