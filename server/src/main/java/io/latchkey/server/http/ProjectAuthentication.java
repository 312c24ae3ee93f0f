package io.latchkey.server.http;

import io.javalin.http.Context;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic {@code project_id:secret} on every /v1/ route but the public JWKS, the
 * browser-facing {@code /v1/public/} routes (which name their project by the {@code public_token}
 * query parameter), the SSO callbacks (reached by the identity provider, which names the
 * connection in the path and proves itself by what it posts) and SAML connections' SP metadata. A failure is always the same 401,
 * whichever half was wrong. Wrong secrets are counted per client address (see
 * {@link ProjectService#authenticate}), so a flood of them does not read the database for each.
 */
final class ProjectAuthentication {
    private static final String JWKS_PREFIX = "/v1/b2b/sessions/jwks/";
    /** Browser-facing routes: the project is named by its public token. */
    static final String PUBLIC_PREFIX = "/v1/public/";
    /** Where identity providers send the browser back; the connection in the path names the project. */
    static final String SSO_CALLBACK_PREFIX = "/v1/b2b/sso/callback/";
    /** The SP metadata of SAML connections, read by identity providers; the connection in the path names it. */
    static final String SAML_METADATA_PREFIX = "/v1/b2b/sso/saml/metadata/";

    private final ProjectService projects;
    private final ClientAddresses clientAddresses;

    ProjectAuthentication(ProjectService projects, ClientAddresses clientAddresses) {
        this.projects = projects;
        this.clientAddresses = clientAddresses;
    }

    void authenticate(Context ctx) {
        if (ctx.path().startsWith(JWKS_PREFIX)
                || ctx.path().startsWith(SSO_CALLBACK_PREFIX)
                || ctx.path().startsWith(SAML_METADATA_PREFIX)) {
            return;
        }
        if (ctx.path().startsWith(PUBLIC_PREFIX)) {
            if (!"GET".equals(ctx.req().getMethod())) {
                // Browser-facing routes are all GETs: another method is the router's 405, not a 401.
                return;
            }
            String address = clientAddresses.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
            Project project = projects.byPublicToken(ctx.queryParam("public_token"), address)
                    .orElseThrow(() -> new ApiException(
                            ErrorType.UNAUTHORIZED_CREDENTIALS,
                            "The public_token is missing or is not a public token of any project."));
            ctx.attribute(ApiRequests.PROJECT_ATTRIBUTE, project);
            RequestIds.assign(ctx, project.environment());
            return;
        }
        String address = clientAddresses.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        Project project = fromHeader(ctx.header("Authorization"), address)
                .orElseThrow(() -> new ApiException(ErrorType.UNAUTHORIZED_CREDENTIALS, "Unauthorized credentials."));
        ctx.attribute(ApiRequests.PROJECT_ATTRIBUTE, project);
        RequestIds.assign(ctx, project.environment());
    }

    private Optional<Project> fromHeader(String header, String address) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon > 200) {
            return Optional.empty();
        }
        return projects.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1), address);
    }
}
