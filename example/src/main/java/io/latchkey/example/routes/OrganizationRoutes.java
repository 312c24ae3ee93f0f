package io.latchkey.example.routes;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.example.web.AuthFilter;
import io.latchkey.example.web.CsrfTokens;
import io.latchkey.example.web.CurrentSession;
import io.latchkey.example.web.Input;
import io.latchkey.example.web.UserError;
import io.latchkey.sdk.B2BClient;
import io.latchkey.sdk.request.Requests;
import io.latchkey.sdk.request.UpdateOrganizationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guide's {@code PUT /organization}: name, MFA policy and email sign-up rules, for members
 * whose roles allow it by the app's RBAC policy ({@link Permissions}). Form posts arrive as
 * {@code POST /organization}, as with the profile.
 */
public final class OrganizationRoutes {
    private final B2BClient client;
    private final CsrfTokens csrf;

    public OrganizationRoutes(B2BClient client, CsrfTokens csrf) {
        this.client = client;
        this.csrf = csrf;
    }

    public void register(RoutesConfig routes) {
        routes.put("/organization", this::update);
        routes.post("/organization", this::update);
    }

    private void update(Context ctx) {
        CurrentSession session = AuthFilter.current(ctx);
        Input in = Input.of(ctx);
        MethodOverride.requirePutOrAbsent(in);
        csrf.verify(
                session.memberSession().memberSessionId(),
                CsrfTokens.presented(ctx, in.optional(CsrfTokens.FIELD, "CSRF token", 200)));

        Member me = client.organizations()
                .members()
                .get(session.organizationId(), session.memberId())
                .member();
        if (!Permissions.mayManageSettings(client, me)) {
            throw UserError.forbidden(
                    "permission_required",
                    "Your roles do not allow changing organization settings",
                    "Your roles in this organization are " + String.join(", ", Views.roleIds(me))
                            + "; changing its settings needs permission to " + Permissions.ACTION + " "
                            + Permissions.RESOURCE + " (roles " + Views.ADMIN_ROLE + " or billing_manager).");
        }

        UpdateOrganizationBuilder request = Requests.updateOrganization();
        String name = in.optional("organization_name", "Organization name", 128);
        if (name != null) {
            if (name.isEmpty()) {
                throw UserError.badRequest("missing_field", "Organization name is required.");
            }
            request.organizationName(name);
        }
        String mfaPolicy = upper(in.optional("mfa_policy", "MFA policy", 32));
        if (mfaPolicy != null) {
            request.mfaPolicy(mfaPolicy);
        }
        List<String> domains = in.list("email_allowed_domains", "Allowed email domains", 20);
        if (domains != null) {
            // The guide writes "@customer-a.com"; the API wants the bare domain.
            request.emailAllowedDomains(domains.stream()
                    .map(d -> d.startsWith("@") ? d.substring(1) : d)
                    .toList());
        }
        String invites = upper(in.optional("email_invites", "Email invites", 32));
        if (invites != null) {
            request.emailInvites(invites);
        }
        String jit = upper(in.optional("email_jit_provisioning", "Email JIT provisioning", 32));
        if (jit != null) {
            request.emailJitProvisioning(jit);
        }
        Organization org = client.organizations()
                .update(session.organizationId(), request.build())
                .organization();

        if (Input.wantsJson(ctx)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("organization_id", org.organizationId());
            body.put("organization_name", org.organizationName());
            body.put("mfa_policy", org.mfaPolicy());
            body.put("email_allowed_domains", org.emailAllowedDomains());
            body.put("email_invites", org.emailInvites());
            body.put("email_jit_provisioning", org.emailJitProvisioning());
            ctx.json(body);
        } else {
            ctx.redirect("/dashboard?saved=organization", HttpStatus.SEE_OTHER);
        }
    }

    private static String upper(String s) {
        return s == null || s.isEmpty() ? null : s.toUpperCase(Locale.ROOT);
    }
}
