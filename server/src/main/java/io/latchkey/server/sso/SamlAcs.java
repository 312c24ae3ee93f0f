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
import io.latchkey.server.sso.SamlStore.SamlRequest;
import io.latchkey.server.sso.SsoStore.PendingLogin;
import io.latchkey.server.sso.saml.ResponseCheck;
import io.latchkey.server.store.Database;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * The IdP's answer to a SAML login, posted to the ACS: the request it answers spent once, the
 * response checked ({@link ResponseCheck}) outside any transaction, the assertion id remembered
 * in the database until it expires (a replay fails on every node), the member's attributes read
 * through the connection's mapping, and a single-use SSO token handed to the application.
 * Thread-safe.
 */
final class SamlAcs {
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
        if (!ResponseCheck.readable(samlResponse)) {
            throw new ApiException(
                    ErrorType.SAML_RESPONSE_INVALID,
                    "SAMLResponse is missing, too large or not base64 XML (documents with DTDs or entities are"
                            + " refused).");
        }
        String requestId = ResponseCheck.inResponseTo(samlResponse);
        record Begun(SsoConnection connection, SamlRequest request, SamlSp sp, Project project) {}
        // The request is spent before the response is checked, so a response is never checked twice.
        Begun begun = db.inTransaction(tx -> {
            SsoConnection c = store.findAnyProject(tx, connectionId)
                    .filter(x -> x.kind().equals(SsoConnection.SAML))
                    .orElseThrow(SsoService::connectionNotFound);
            SsoLoginService.requireActive(c);
            if (requestId == null || requestId.isBlank() || requestId.length() > 256) {
                throw new ApiException(
                        ErrorType.SAML_REQUEST_NOT_FOUND,
                        "The response answers no request of this server (IdP-initiated logins are not accepted):"
                                + " start the login from the application.");
            }
            SamlRequest r = saml.consumeRequest(tx, c.connectionId(), requestId, now)
                    .orElseThrow(() -> new ApiException(
                            ErrorType.SAML_REQUEST_NOT_FOUND,
                            "The response answers a request this server did not send, or one already answered or"
                                    + " expired: start the login again."));
            Project project = projects.find(c.projectId()).orElseThrow(SsoService::connectionNotFound);
            return new Begun(c, r, SamlSp.of(tx, saml, box, baseUrl, c), project);
        });
        SamlSp sp = begun.sp();
        ResponseCheck.Checked checked = ResponseCheck.check(
                sp::settings,
                sp.decryptionKeys(),
                sp.acsUrl(),
                sp.acsUrls(),
                sp.audiences(),
                samlResponse,
                requestId,
                now);
        SsoConnection c = begun.connection();
        SamlAttributes attributes = SamlAttributes.of(c.saml(), checked);
        String token = Tokens.newToken();
        Project project = begun.project();
        String target = db.inTransaction(tx -> {
            if (!saml.rememberAssertion(
                    tx, project.projectId(), c.connectionId(), checked.assertionId(), now, checked.expiresAt())) {
                throw new ApiException(ErrorType.SAML_ASSERTION_REPLAYED, "This assertion was already used to log in.");
            }
            // A login started through an external connection lands in that connection's organization.
            String loginConnectionId = c.connectionId();
            String organizationId = c.organizationId();
            String via = begun.request().viaConnectionId();
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
                            begun.request().pkceCodeChallenge(),
                            attributes.asMap()),
                    now,
                    now.plus(SsoLoginService.FLOW_LIFETIME));
            return existing
                    ? begun.request().loginRedirectUrl()
                    : begun.request().signupRedirectUrl();
        });
        return target + (target.contains("?") ? "&" : "?") + "stytch_token_type=sso&token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
