package io.latchkey.server.sso;

import static io.latchkey.server.http.ApiRequests.body;
import static io.latchkey.server.http.ApiRequests.project;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.UpdateSAMLByURLRequest;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import io.latchkey.server.http.ApiResponses;
import io.latchkey.server.http.RouteGroup;
import io.latchkey.server.rbac.MemberActions;
import io.latchkey.server.rbac.MemberActions.MemberCredential;

/** HTTP routes of SAML connections (the calls of {@code sso.saml}) and the SP metadata. */
public final class SamlRoutes implements RouteGroup {
    private static final String CONNECTION = "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}";

    private final SamlConnectionService saml;
    private final MemberActions asMember;

    /** {@code asMember} decides the calls made with a member's session header ({@code stytch.sso}). */
    public SamlRoutes(SamlConnectionService saml, MemberActions asMember) {
        this.saml = saml;
        this.asMember = asMember;
    }

    private void authorize(Context ctx, String action) {
        asMember.onSsoConnections(project(ctx), MemberCredential.of(ctx), ctx.pathParam("organization_id"), action);
    }

    @Override
    public void register(RoutesConfig routes) {
        // Read by the IdP (or its administrator); the connection id names it, nothing secret is in it.
        routes.get("/v1/b2b/sso/saml/metadata/{connection_id}", ctx -> {
            ctx.contentType("application/samlmetadata+xml");
            ctx.result(saml.spMetadata(ctx.pathParam("connection_id")));
        });
        routes.post("/v1/b2b/sso/saml/{organization_id}", ctx -> {
            CreateSAMLConnectionRequest r = body(ctx, CreateSAMLConnectionRequest.class);
            authorize(ctx, "create");
            ApiResponses.ok(ctx, saml.create(project(ctx), ctx.pathParam("organization_id"), r));
        });
        routes.put(CONNECTION, ctx -> {
            UpdateSAMLConnectionRequest r = body(ctx, UpdateSAMLConnectionRequest.class);
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    saml.update(project(ctx), ctx.pathParam("organization_id"), ctx.pathParam("connection_id"), r));
        });
        routes.put(CONNECTION + "/url", ctx -> {
            UpdateSAMLByURLRequest r = body(ctx, UpdateSAMLByURLRequest.class);
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    saml.updateByUrl(
                            project(ctx),
                            ctx.pathParam("organization_id"),
                            ctx.pathParam("connection_id"),
                            r.metadataUrl()));
        });
        routes.delete(CONNECTION + "/verification_certificates/{certificate_id}", ctx -> {
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    saml.deleteVerificationCertificate(
                            project(ctx),
                            ctx.pathParam("organization_id"),
                            ctx.pathParam("connection_id"),
                            ctx.pathParam("certificate_id")));
        });
        routes.delete(CONNECTION + "/encryption_private_keys/{private_key_id}", ctx -> {
            authorize(ctx, "update");
            ApiResponses.ok(
                    ctx,
                    saml.deleteEncryptionPrivateKey(
                            project(ctx),
                            ctx.pathParam("organization_id"),
                            ctx.pathParam("connection_id"),
                            ctx.pathParam("private_key_id")));
        });
    }
}
