package io.latchkey.server.security;

import static io.latchkey.server.security.Endpoint.object;
import static io.latchkey.server.security.HostileValues.EVIL_REDIRECT;
import static io.latchkey.server.security.HostileValues.NO_SUCH_MEMBER;
import static io.latchkey.server.security.HostileValues.NO_SUCH_ORGANIZATION;
import static io.latchkey.server.security.HostileValues.NO_SUCH_PROJECT;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.api.discovery.AuthenticateDiscoveryMagicLinkRequest;
import io.latchkey.api.discovery.CreateOrganizationViaDiscoveryRequest;
import io.latchkey.api.discovery.ExchangeIntermediateSessionRequest;
import io.latchkey.api.discovery.ListDiscoveredOrganizationsRequest;
import io.latchkey.api.discovery.SendDiscoveryEmailRequest;
import io.latchkey.api.magiclink.AuthenticateMagicLinkRequest;
import io.latchkey.api.magiclink.InviteRequest;
import io.latchkey.api.magiclink.LoginOrSignupRequest;
import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.SearchMembersRequest;
import io.latchkey.api.member.UnlinkRetiredEmailRequest;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.SearchOrganizationsRequest;
import io.latchkey.api.organization.UpdateOrganizationRequest;
import io.latchkey.api.otp.EmailOtpAuthenticateRequest;
import io.latchkey.api.otp.EmailOtpLoginOrSignupRequest;
import io.latchkey.api.otp.SmsAuthenticateRequest;
import io.latchkey.api.otp.SmsSendRequest;
import io.latchkey.api.password.AuthenticateRequest;
import io.latchkey.api.password.DiscoveryAuthenticateRequest;
import io.latchkey.api.password.DiscoveryResetRequest;
import io.latchkey.api.password.DiscoveryResetStartRequest;
import io.latchkey.api.password.ExistingPasswordResetRequest;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.api.password.RequireResetRequest;
import io.latchkey.api.password.ResetRequest;
import io.latchkey.api.password.ResetStartRequest;
import io.latchkey.api.password.SessionResetRequest;
import io.latchkey.api.password.StrengthCheckRequest;
import io.latchkey.api.rbac.SetOrgPolicyRequest;
import io.latchkey.api.recoverycode.RecoverRequest;
import io.latchkey.api.recoverycode.RotateRecoveryCodesRequest;
import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.api.sso.CreateExternalConnectionRequest;
import io.latchkey.api.sso.CreateOIDCConnectionRequest;
import io.latchkey.api.sso.CreateSAMLConnectionRequest;
import io.latchkey.api.sso.SSOAuthenticateRequest;
import io.latchkey.api.sso.UpdateExternalConnectionRequest;
import io.latchkey.api.sso.UpdateOIDCConnectionRequest;
import io.latchkey.api.sso.UpdateSAMLByURLRequest;
import io.latchkey.api.sso.UpdateSAMLConnectionRequest;
import io.latchkey.api.totp.AuthenticateTotpRequest;
import io.latchkey.api.totp.CreateTotpRequest;
import io.latchkey.api.totp.MigrateTotpRequest;
import io.latchkey.server.frontend.FrontendBodies;
import io.latchkey.server.frontend.MagicLinkAuthenticate;
import io.latchkey.server.frontend.SelfUpdate;
import io.latchkey.server.frontend.SessionRefresh;
import io.latchkey.server.security.Endpoint.Probe;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * THE table of served routes for the security suites: every {@code /v1/} route (and the dev
 * mailbox's), each with its hostile base request and its cross-project probes. A route added to
 * the server belongs here; {@code HostileInputTest} fails until it is (it compares this table with
 * the routes the running server serves).
 *
 * <p>To add a route: give its method, route and request record; a base request that the server
 * refuses for a reason that survives any single change of another input (see {@link Endpoint});
 * {@code keep} for the inputs that carry the reason; and probes that aim it at project b's ids
 * with project a's credentials.
 */
final class Endpoints {
    private Endpoints() {}

    // What a replacement of a refusal-carrying input must be for the request to stay refused.
    /** Any non-blank text: the token or id it replaces was never minted, used, or revoked. */
    static final Predicate<JsonNode> UNKNOWN =
            n -> !n.isTextual() || !n.asText().isBlank();
    /** Not a well-formed slug, so neither a free one. */
    static final Predicate<JsonNode> NOT_A_SLUG =
            n -> !n.isTextual() || !n.asText().isBlank() && !n.asText().matches("[A-Za-z0-9._~-]{2,128}");
    /** Not shaped like an email address, so not a new member's. */
    static final Predicate<JsonNode> NOT_AN_EMAIL =
            n -> !n.isTextual() || !n.asText().isBlank() && !n.asText().strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Not on the test project's allow-list (http://localhost:* and http://127.0.0.1:*). */
    static final Predicate<JsonNode> NOT_ALLOWED_REDIRECT = n -> !n.isTextual()
            || !n.asText().isBlank()
                    && !n.asText().toLowerCase().matches("https?://(localhost|127\\.0\\.0\\.1)(:\\d+)?(/.*)?");
    /** Outside 1..1000 (0 means the default, 100). */
    static final Predicate<JsonNode> BAD_LIMIT =
            n -> !n.isNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 1000 || !n.isIntegralNumber();
    /** A dev mailbox limit query value outside 1..1000 or not a number. */
    static final Predicate<JsonNode> BAD_QUERY_LIMIT = n -> {
        try {
            double d =
                    Double.parseDouble(java.net.URLDecoder.decode(n.asText(), java.nio.charset.StandardCharsets.UTF_8));
            return d < 1 || d > 1000 || d != Math.rint(d);
        } catch (RuntimeException e) {
            return true;
        }
    };

    private static final String SDK_PROBES = "named by a public token, which proves nothing: FrontendSdkTest and"
            + " FrontendSdkFlowsTest show that it alone reads and changes no member, and a session reaches only its own member and organization";

    /** Longer than a password may be (256 characters), so refused before any check or hash. */
    static final Predicate<JsonNode> TOO_LONG_PASSWORD =
            n -> !n.isTextual() || n.asText().length() > 256;

    /** A well-formed connection id that no project has. */
    static final String NO_SUCH_CONNECTION = "oidc-connection-test-00000000-0000-4000-8000-000000000000";

    static List<Endpoint> all(SecurityWorld w) {
        SecurityWorld.Tenant a = w.a;
        SecurityWorld.Tenant b = w.b;
        String orgs = "/v1/b2b/organizations";
        String org = orgs + "/{organization_id}";
        String member = org + "/members/{member_id}";
        Map<String, String> none = Map.of();
        return List.of(
                // ---- organizations
                Endpoint.post(orgs, CreateOrganizationRequest.class)
                        .body(
                                "organization_name",
                                "Hostile Org",
                                "organization_slug",
                                a.org2Slug(),
                                "organization_external_id",
                                "hostile-ext",
                                "organization_logo_url",
                                "https://acme.test/logo.png",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "email_allowed_domains",
                                List.of("acme.test"),
                                "email_jit_provisioning",
                                "RESTRICTED",
                                "email_invites",
                                "ALL_ALLOWED",
                                "auth_methods",
                                "ALL_ALLOWED",
                                "mfa_policy",
                                "OPTIONAL",
                                "mfa_methods",
                                "ALL_ALLOWED",
                                "rbac_email_implicit_role_assignments",
                                List.of(Map.of("domain", "acme.test", "role_id", "reader")),
                                "allowed_oauth_tenants",
                                Map.of("slack", List.of("T123")),
                                "claimed_email_domains",
                                List.of("acme.test"))
                        .keep("organization_slug", NOT_A_SLUG)
                        .probe(Probe.succeedsInOwnProject(
                                "create with the other project's slug, name and external id",
                                none,
                                object(
                                        "organization_name",
                                        b.org1Name(),
                                        "organization_slug",
                                        b.org1Slug(),
                                        "organization_external_id",
                                        b.org1ExternalId()),
                                true)),
                Endpoint.post(orgs + "/search", SearchOrganizationsRequest.class)
                        .body(
                                "limit",
                                5000,
                                "cursor",
                                "not-a-cursor",
                                "query",
                                Map.of(
                                        "operator",
                                        "AND",
                                        "operands",
                                        List.of(Map.of(
                                                "filter_name", "organization_name_fuzzy", "filter_value", "org"))))
                        .keep("limit", BAD_LIMIT)
                        .probe(Probe.succeedsInOwnProject(
                                "search by the other project's ids, slugs and domains",
                                none,
                                object(
                                        "query",
                                        Map.of(
                                                "operator",
                                                "OR",
                                                "operands",
                                                List.of(
                                                        Map.of(
                                                                "filter_name",
                                                                "organization_ids",
                                                                "filter_value",
                                                                List.of(b.org1Id(), b.org2Id())),
                                                        Map.of(
                                                                "filter_name",
                                                                "organization_slugs",
                                                                "filter_value",
                                                                List.of(b.org1Slug())),
                                                        Map.of(
                                                                "filter_name",
                                                                "member_emails",
                                                                "filter_value",
                                                                List.of(b.member1Email())),
                                                        Map.of(
                                                                "filter_name",
                                                                "allowed_domains",
                                                                "filter_value",
                                                                List.of(b.domain()))))),
                                false)),
                Endpoint.get(org)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .probe(Probe.refusedRead(
                                "by id", Map.of("organization_id", b.org1Id()), none, null, "organization_not_found"))
                        .probe(Probe.refusedRead(
                                "by slug",
                                Map.of("organization_id", b.org1Slug()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refusedRead(
                                "by external id",
                                Map.of("organization_id", b.org1ExternalId()),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.put(org, UpdateOrganizationRequest.class)
                        .path("organization_id", a.org1Id())
                        .body(
                                "organization_name",
                                "Hostile rename",
                                "organization_slug",
                                a.org2Slug(),
                                "organization_logo_url",
                                "https://acme.test/l.png",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "organization_external_id",
                                "hostile-ext-2",
                                "sso_default_connection_id",
                                "sso-1",
                                "email_allowed_domains",
                                List.of("acme.test"),
                                "email_jit_provisioning",
                                "RESTRICTED",
                                "allowed_auth_methods",
                                List.of("magic_link"),
                                "mfa_policy",
                                "OPTIONAL")
                        .keep("organization_slug", NOT_A_SLUG)
                        .probe(Probe.refused(
                                "rename",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("organization_name", "Taken over"),
                                "organization_not_found")),
                Endpoint.delete(org)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .probe(Probe.refused(
                                "delete", Map.of("organization_id", b.org1Id()), none, null, "organization_not_found"))
                        .probe(Probe.refused(
                                "delete by slug",
                                Map.of("organization_id", b.org2Slug()),
                                none,
                                null,
                                "organization_not_found")),

                // ---- rbac
                Endpoint.get("/v1/b2b/rbac/policy")
                        .refusedForMissingCredentials()
                        .probe(Probe.succeedsInOwnProject("the project's own policy", none, null, false)),
                Endpoint.get("/v1/b2b/rbac/organizations/{organization_id}")
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .probe(Probe.refusedRead(
                                "by id", Map.of("organization_id", b.org1Id()), none, null, "organization_not_found"))
                        .probe(Probe.refusedRead(
                                "by slug",
                                Map.of("organization_id", b.org1Slug()),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.put("/v1/b2b/rbac/organizations/{organization_id}", SetOrgPolicyRequest.class)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .body(
                                "organization_id",
                                NO_SUCH_ORGANIZATION,
                                "org_policy",
                                Map.of(
                                        "roles",
                                        List.of(Map.of(
                                                "role_id",
                                                "auditor",
                                                "description",
                                                "Reads members",
                                                "permissions",
                                                List.of(Map.of(
                                                        "resource_id",
                                                        "stytch.member",
                                                        "actions",
                                                        List.of("search")))))))
                        .probe(Probe.refused(
                                "replace its roles",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("org_policy", Map.of("roles", List.of())),
                                "organization_not_found")),

                // ---- members
                Endpoint.post(org + "/members", CreateMemberRequest.class)
                        .path("organization_id", a.org1Id())
                        .body(
                                "email_address",
                                a.member1Email(),
                                "name",
                                "Hostile",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "create_member_as_pending",
                                false,
                                "is_breakglass",
                                false,
                                "mfa_phone_number",
                                "+14155552671",
                                "mfa_enrolled",
                                false,
                                "roles",
                                List.of("stytch_admin"),
                                "external_id",
                                "hostile-member")
                        .keep("email_address", NOT_AN_EMAIL)
                        .probe(Probe.refused(
                                "into the other project's organization",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("email_address", "new-" + b.member1Email()),
                                "organization_not_found")),
                Endpoint.get(org + "/member")
                        .path("organization_id", a.org1Id())
                        .query("member_id", String.class, NO_SUCH_MEMBER)
                        .query("email_address", String.class, null)
                        .keep("member_id", UNKNOWN)
                        .probe(Probe.refusedRead(
                                "its member in its organization",
                                Map.of("organization_id", b.org1Id()),
                                Map.of("member_id", b.member1Id()),
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member through our organization",
                                Map.of("organization_id", a.org1Id()),
                                Map.of("member_id", b.member1Id()),
                                null,
                                "member_not_found"))
                        .probe(Probe.refused(
                                "its member's email through our organization",
                                Map.of("organization_id", a.org1Id()),
                                Map.of("email_address", HostileValues.enc(b.member1Email())),
                                null,
                                "member_not_found")),
                Endpoint.put(member, UpdateMemberRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("member_id", a.apiMemberId())
                        .body(
                                "email_address",
                                a.member1Email(),
                                "name",
                                "Hostile",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "is_breakglass",
                                false,
                                "mfa_phone_number",
                                "+14155552671",
                                "mfa_enrolled",
                                false,
                                "roles",
                                List.of("stytch_admin"),
                                "preserve_existing_sessions",
                                true,
                                "default_mfa_method",
                                "totp",
                                "external_id",
                                "hostile-member-2",
                                "unlink_email",
                                false)
                        .keep("email_address", NOT_AN_EMAIL)
                        .probe(Probe.refused(
                                "in its organization",
                                Map.of("organization_id", b.org1Id(), "member_id", b.member1Id()),
                                none,
                                object("name", "Taken over"),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "through our organization",
                                Map.of("organization_id", a.org1Id(), "member_id", b.member1Id()),
                                none,
                                object("name", "Taken over"),
                                "member_not_found")),
                Endpoint.delete(member)
                        .path("organization_id", a.org1Id())
                        .path("member_id", NO_SUCH_MEMBER)
                        .probe(Probe.refused(
                                "in its organization",
                                Map.of("organization_id", b.org1Id(), "member_id", b.member1Id()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "through our organization",
                                Map.of("organization_id", a.org1Id(), "member_id", b.member1Id()),
                                none,
                                null,
                                "member_not_found")),
                Endpoint.put(member + "/reactivate", null)
                        .path("organization_id", a.org1Id())
                        .path("member_id", a.member1Id())
                        .probe(Probe.refused(
                                "its deleted member",
                                Map.of("organization_id", b.org1Id(), "member_id", b.deletedMemberId()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its deleted member through our organization",
                                Map.of("organization_id", a.org1Id(), "member_id", b.deletedMemberId()),
                                none,
                                null,
                                "member_not_found")),
                Endpoint.post(orgs + "/members/search", SearchMembersRequest.class)
                        .body(
                                "organization_ids",
                                List.of(a.org1Id()),
                                "limit",
                                5000,
                                "cursor",
                                "not-a-cursor",
                                "query",
                                Map.of(
                                        "operator",
                                        "AND",
                                        "operands",
                                        List.of(
                                                Map.of(
                                                        "filter_name",
                                                        "member_emails",
                                                        "filter_value",
                                                        List.of(a.member1Email())),
                                                Map.of("filter_name", "statuses", "filter_value", List.of("active")))))
                        .keep("limit", BAD_LIMIT)
                        .probe(Probe.refused(
                                "its organizations",
                                none,
                                none,
                                object("organization_ids", List.of(b.org1Id(), b.org2Id())),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "ours and one of its",
                                none,
                                none,
                                object("organization_ids", List.of(a.org1Id(), b.org1Id())),
                                "organization_not_found")),
                Endpoint.get(orgs + "/members/dangerously_get/{member_id}")
                        .path("member_id", NO_SUCH_MEMBER)
                        .query("include_deleted", Boolean.class, "true")
                        .probe(Probe.refusedRead(
                                "its member", Map.of("member_id", b.member1Id()), none, null, "member_not_found"))
                        .probe(Probe.refusedRead(
                                "its deleted member",
                                Map.of("member_id", b.deletedMemberId()),
                                Map.of("include_deleted", "true"),
                                null,
                                "member_not_found")),
                Endpoint.delete(org + "/members/mfa_phone_numbers/{member_id}")
                        .path("organization_id", a.org1Id())
                        .path("member_id", NO_SUCH_MEMBER)
                        .probe(Probe.refused(
                                "its member's number",
                                Map.of("organization_id", b.org1Id(), "member_id", b.member1Id()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's number through our organization",
                                Map.of("organization_id", a.org1Id(), "member_id", b.member1Id()),
                                none,
                                null,
                                "member_not_found")),
                Endpoint.delete(member + "/totp")
                        .path("organization_id", a.org1Id())
                        .path("member_id", NO_SUCH_MEMBER)
                        .probe(Probe.refused(
                                "its member's TOTP",
                                Map.of(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's TOTP through our organization",
                                Map.of(
                                        "organization_id",
                                        a.org1Id(),
                                        "member_id",
                                        b.mfa().memberId()),
                                none,
                                null,
                                "member_not_found")),
                Endpoint.delete(org + "/members/passwords/{member_password_id}")
                        .path("organization_id", a.org1Id())
                        .path("member_password_id", "member-password-test-00000000-0000-4000-8000-000000000000")
                        .probe(Probe.refused(
                                "its organization's password",
                                Map.of(
                                        "organization_id",
                                        b.org1Id(),
                                        "member_password_id",
                                        "member-password-test-00000000-0000-4000-8000-000000000000"),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.post(member + "/unlink_retired_email", UnlinkRetiredEmailRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("member_id", NO_SUCH_MEMBER)
                        .body(
                                "email_id",
                                "email-test-00000000-0000-4000-8000-000000000000",
                                "email_address",
                                a.member1Email())
                        .probe(Probe.refused(
                                "its member's retired email",
                                Map.of("organization_id", b.org1Id(), "member_id", b.member1Id()),
                                none,
                                object("email_address", b.member1Email()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's retired email through our organization",
                                Map.of("organization_id", a.org1Id(), "member_id", b.member1Id()),
                                none,
                                object("email_address", b.member1Email()),
                                "member_not_found")),

                // ---- magic links
                Endpoint.post("/v1/b2b/magic_links/email/login_or_signup", LoginOrSignupRequest.class)
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.member1Email(),
                                "login_redirect_url",
                                EVIL_REDIRECT,
                                "signup_redirect_url",
                                EVIL_REDIRECT,
                                "pkce_code_challenge",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                "login_template_id",
                                "tpl",
                                "signup_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "login_expiration_minutes",
                                60,
                                "signup_expiration_minutes",
                                60)
                        .keep("login_redirect_url", NOT_ALLOWED_REDIRECT)
                        .keep("signup_redirect_url", NOT_ALLOWED_REDIRECT)
                        .probe(Probe.refused(
                                "its organization and member",
                                none,
                                none,
                                object("organization_id", b.org1Id(), "email_address", b.member1Email()),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/magic_links/email/invite", InviteRequest.class)
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.member1Email(),
                                "invite_redirect_url",
                                EVIL_REDIRECT,
                                "invited_by_member_id",
                                a.member1Id(),
                                "name",
                                "Hostile",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "invite_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "roles",
                                List.of("stytch_admin"),
                                "invite_expiration_minutes",
                                60)
                        .keep("invite_redirect_url", NOT_ALLOWED_REDIRECT)
                        .probe(Probe.refused(
                                "into its organization",
                                none,
                                none,
                                object("organization_id", b.org1Id(), "email_address", "new-" + b.member1Email()),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/magic_links/authenticate", AuthenticateMagicLinkRequest.class)
                        .body(
                                "magic_links_token",
                                a.usedMagicToken(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("magic_links_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its unused link",
                                none,
                                none,
                                object("magic_links_token", b.unusedMagicToken()),
                                "magic_link_not_found"))
                        .probe(Probe.refused(
                                "its unused link as token",
                                none,
                                none,
                                object("token", b.unusedMagicToken()),
                                "magic_link_not_found")),

                // ---- discovery
                Endpoint.post("/v1/b2b/magic_links/email/discovery/send", SendDiscoveryEmailRequest.class)
                        .body(
                                "email_address",
                                a.member1Email(),
                                "discovery_redirect_url",
                                EVIL_REDIRECT,
                                "pkce_code_challenge",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                "login_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "discovery_expiration_minutes",
                                60)
                        .keep("discovery_redirect_url", NOT_ALLOWED_REDIRECT)
                        .probe(Probe.succeedsInOwnProject(
                                "to its member's address", none, object("email_address", b.member1Email()), true)),
                Endpoint.post("/v1/b2b/magic_links/discovery/authenticate", AuthenticateDiscoveryMagicLinkRequest.class)
                        .body("discovery_magic_links_token", a.usedDiscoveryToken())
                        .keep("discovery_magic_links_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its unused discovery link",
                                none,
                                none,
                                object("discovery_magic_links_token", b.unusedDiscoveryToken()),
                                "magic_link_not_found")),
                Endpoint.post("/v1/b2b/discovery/organizations", ListDiscoveredOrganizationsRequest.class)
                        .body("intermediate_session_token", a.consumedIst())
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refusedRead(
                                "its intermediate session",
                                none,
                                none,
                                object("intermediate_session_token", b.liveIst()),
                                "intermediate_session_not_found"))
                        .probe(Probe.refusedRead(
                                "its session token",
                                none,
                                none,
                                object("session_token", b.liveSessionToken()),
                                "session_not_found"))
                        .probe(Probe.refusedRead(
                                "its session JWT",
                                none,
                                none,
                                object("session_jwt", b.liveSessionJwt()),
                                "session_not_found",
                                "unable_to_parse_session_jwt")),
                Endpoint.post(
                                "/v1/b2b/discovery/intermediate_sessions/exchange",
                                ExchangeIntermediateSessionRequest.class)
                        .body(
                                "intermediate_session_token",
                                a.consumedIst(),
                                "organization_id",
                                a.org1Id(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en")
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its intermediate session into its organization",
                                none,
                                none,
                                object("intermediate_session_token", b.liveIst(), "organization_id", b.org1Id()),
                                "intermediate_session_not_found",
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "our intermediate session into its organization",
                                none,
                                none,
                                object("intermediate_session_token", a.liveIst(), "organization_id", b.org1Id()),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/discovery/organizations/create", CreateOrganizationViaDiscoveryRequest.class)
                        .body(
                                "intermediate_session_token",
                                a.consumedIst(),
                                "organization_name",
                                "Hostile New",
                                "organization_slug",
                                "hostile-new",
                                "organization_external_id",
                                "hostile-new-ext",
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "email_allowed_domains",
                                List.of("acme.test"),
                                "email_jit_provisioning",
                                "RESTRICTED",
                                "mfa_policy",
                                "OPTIONAL",
                                "allowed_oauth_tenants",
                                Map.of("slack", List.of("T1")))
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "with its intermediate session",
                                none,
                                none,
                                object("intermediate_session_token", b.liveIst(), "organization_name", "Stolen"),
                                "intermediate_session_not_found")),

                // ---- TOTP. The bases aim at a member who has an active registration (which refuses a
                // second one) or present a spent intermediate session: both refusals come before any
                // code is checked, so no attempt is counted and nothing is written.
                Endpoint.post("/v1/b2b/totp", CreateTotpRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "expiration_minutes",
                                60,
                                "intermediate_session_token",
                                a.mfa().consumedIst())
                        .keep("member_id", UNKNOWN)
                        .probe(Probe.refused(
                                "for its member",
                                none,
                                none,
                                object("organization_id", b.org1Id(), "member_id", b.apiMemberId()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "for its member through our organization",
                                none,
                                none,
                                object("organization_id", a.org1Id(), "member_id", b.apiMemberId()),
                                "member_not_found"))
                        .probe(Probe.refused(
                                "for our member with its session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "member_id",
                                        a.apiMemberId(),
                                        "session_token",
                                        b.mfa().sessionToken()),
                                "session_not_found"))
                        .probe(Probe.refused(
                                "for our member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "member_id",
                                        a.apiMemberId(),
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "intermediate_session_not_found")),
                Endpoint.post("/v1/b2b/totp/authenticate", AuthenticateTotpRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "code",
                                "123456",
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "set_mfa_enrollment",
                                "enroll",
                                "set_default_mfa",
                                true,
                                "telemetry_id",
                                "t")
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId(),
                                        "code",
                                        "123456",
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "our member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "code",
                                        "123456",
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "intermediate_session_not_found"))
                        .probe(Probe.refused(
                                "our member with its session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "code",
                                        "123456",
                                        "session_token",
                                        b.mfa().sessionToken()),
                                "session_not_found")),
                Endpoint.post("/v1/b2b/totp/migrate", MigrateTotpRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "secret",
                                "JBSWY3DPEHPK3PXP",
                                "recovery_codes",
                                List.of("abcd-efgh-ijkl", "mnop-qrst-uvwx"))
                        .keep("member_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its member",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "member_id",
                                        b.apiMemberId(),
                                        "secret",
                                        "JBSWY3DPEHPK3PXP"),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "member_id",
                                        b.apiMemberId(),
                                        "secret",
                                        "JBSWY3DPEHPK3PXP"),
                                "member_not_found")),

                // ---- recovery codes
                Endpoint.get("/v1/b2b/recovery_codes/{organization_id}/{member_id}")
                        .path("organization_id", a.org1Id())
                        .path("member_id", a.apiMemberId())
                        .probe(Probe.refusedRead(
                                "its member's codes",
                                Map.of(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                none,
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's codes through our organization",
                                Map.of(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                none,
                                null,
                                "member_not_found")),
                Endpoint.post("/v1/b2b/recovery_codes/rotate", RotateRecoveryCodesRequest.class)
                        .body("organization_id", a.org1Id(), "member_id", a.apiMemberId())
                        .keep("member_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's codes",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's codes through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                "member_not_found")),
                Endpoint.post("/v1/b2b/recovery_codes/recover", RecoverRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "recovery_code",
                                a.mfa().usedRecoveryCode(),
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "telemetry_id",
                                "t")
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's unused code",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId(),
                                        "recovery_code",
                                        b.mfa().unusedRecoveryCodes().get(0),
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "our member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "recovery_code",
                                        a.mfa().unusedRecoveryCodes().get(0),
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "intermediate_session_not_found"))
                        .probe(Probe.refused(
                                "its unused code on our member",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "recovery_code",
                                        b.mfa().unusedRecoveryCodes().get(0),
                                        "session_token",
                                        a.mfa().sessionToken()),
                                "unable_to_authenticate_recovery_code")),

                // ---- one-time passcodes
                Endpoint.post("/v1/b2b/otps/sms/send", SmsSendRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "mfa_phone_number",
                                a.mfa().phone(),
                                "locale",
                                "en",
                                "session_token",
                                a.revokedSessionToken())
                        .keep("session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "to its member",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId(),
                                        "session_token",
                                        b.mfa().sessionToken()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "to its member through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId()),
                                "member_not_found"))
                        .probe(Probe.refused(
                                "to our member with its session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "session_token",
                                        b.mfa().sessionToken()),
                                "session_not_found")),
                Endpoint.post("/v1/b2b/otps/sms/authenticate", SmsAuthenticateRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "code",
                                a.mfa().usedSmsCode(),
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "set_mfa_enrollment",
                                "enroll",
                                "set_default_mfa",
                                false,
                                "telemetry_id",
                                "t")
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's unused code",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.mfa().orgId(),
                                        "member_id",
                                        b.mfa().memberId(),
                                        "code",
                                        b.mfa().unusedSmsCode(),
                                        "session_token",
                                        b.mfa().sessionToken()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "our member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.mfa().orgId(),
                                        "member_id",
                                        a.mfa().memberId(),
                                        "code",
                                        a.mfa().unusedSmsCode(),
                                        "intermediate_session_token",
                                        b.mfa().liveIst()),
                                "intermediate_session_not_found")),
                // Email codes are a primary factor: the base asks in an organization that allows only
                // magic links, which refuses before any member is made or code sent.
                Endpoint.post("/v1/b2b/otps/email/login_or_signup", EmailOtpLoginOrSignupRequest.class)
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "email_address",
                                a.mfa().memberEmail(),
                                "login_template_id",
                                "tpl",
                                "signup_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "login_expiration_minutes",
                                10,
                                "signup_expiration_minutes",
                                10)
                        .keep("organization_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its organization and member",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "email_address",
                                        b.mfa().otpMemberEmail()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's address in our organization, which does not take its domain",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        b.mfa().otpMemberEmail()),
                                "invalid_email_for_jit_provisioning")),
                Endpoint.post("/v1/b2b/otps/email/authenticate", EmailOtpAuthenticateRequest.class)
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.mfa().otpMemberEmail(),
                                "code",
                                a.mfa().usedEmailCode(),
                                "intermediate_session_token",
                                a.consumedIst(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("intermediate_session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's unused code",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "email_address",
                                        b.mfa().otpMemberEmail(),
                                        "code",
                                        b.mfa().unusedEmailCode()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's unused code through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        b.mfa().otpMemberEmail(),
                                        "code",
                                        b.mfa().unusedEmailCode()),
                                "otp_code_not_found"))
                        .probe(Probe.refused(
                                "our member with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        a.mfa().otpMemberEmail(),
                                        "code",
                                        a.mfa().unusedEmailCode(),
                                        "intermediate_session_token",
                                        b.liveIst()),
                                "intermediate_session_not_found")),

                // ---- passwords. Every base is refused before a password is hashed (an organization
                // that does not exist, a spent session or reset link, a redirect off the allow-list), so
                // no hostile request costs a hash and none counts an attempt or writes.
                Endpoint.post("/v1/b2b/passwords/strength_check", StrengthCheckRequest.class)
                        .body("password", "Aa1-" + "x".repeat(300), "email_address", a.pw().memberEmail())
                        .keep("password", TOO_LONG_PASSWORD)
                        .probe(Probe.succeedsInOwnProject(
                                "its member's email and password",
                                none,
                                object("password", b.pw().password(), "email_address", b.pw().memberEmail()),
                                false)),
                Endpoint.post("/v1/b2b/passwords/migrate", MigrateRequest.class)
                        .body(
                                "organization_id",
                                NO_SUCH_ORGANIZATION,
                                "email_address",
                                a.pw().memberEmail(),
                                "hash_type",
                                "md_5",
                                "hash",
                                SecurityWorld.md5Hex("Hostile-Pw-9"),
                                "md_5_config",
                                Map.of("prepend_salt", "a", "append_salt", "b"),
                                "argon_2_config",
                                Map.of(
                                        "salt",
                                        "c2FsdHNhbHQ",
                                        "iteration_amount",
                                        2,
                                        "memory",
                                        19456,
                                        "threads",
                                        1,
                                        "key_length",
                                        32),
                                "sha_1_config",
                                Map.of("prepend_salt", "a"),
                                "sha_512_config",
                                Map.of("append_salt", "b"),
                                "scrypt_config",
                                Map.of(
                                        "salt",
                                        "c2FsdA",
                                        "n_parameter",
                                        16384,
                                        "r_parameter",
                                        8,
                                        "p_parameter",
                                        1,
                                        "key_length",
                                        32),
                                "pbkdf_2_config",
                                Map.of(
                                        "salt",
                                        "c2FsdA",
                                        "iteration_amount",
                                        1000,
                                        "key_length",
                                        32,
                                        "algorithm",
                                        "sha256"),
                                "name",
                                "Hostile",
                                "trusted_metadata",
                                Map.of("k", "v"),
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "roles",
                                List.of("stytch_admin"),
                                "preserve_existing_sessions",
                                true,
                                "mfa_phone_number",
                                "+14155552671",
                                "set_phone_number_verified",
                                false,
                                "external_id",
                                "hostile-pw")
                        .keep("organization_id", UNKNOWN)
                        .probe(Probe.refused(
                                "into its organization with its member's email",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "hash_type",
                                        "md_5",
                                        "hash",
                                        SecurityWorld.md5Hex("Planted-Pw-9")),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/passwords/authenticate", AuthenticateRequest.class)
                        .body(
                                "organization_id",
                                NO_SUCH_ORGANIZATION,
                                "email_address",
                                a.pw().memberEmail(),
                                "password",
                                a.pw().password(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("organization_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's password in its organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "password",
                                        b.pw().password()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's password through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "password",
                                        b.pw().password()),
                                "unauthorized_credentials"))
                        // A primary factor ignores a session that is not its member's, as magic links do:
                        // the login succeeds with a new session and b's is left as it was.
                        .probe(Probe.succeedsInOwnProject(
                                "our member's password with its session",
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        a.pw().memberEmail(),
                                        "password",
                                        a.pw().password(),
                                        "session_token",
                                        b.pw().sessionToken()),
                                true))
                        .probe(Probe.refused(
                                "our member's password with its intermediate session",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        a.pw().memberEmail(),
                                        "password",
                                        a.pw().password(),
                                        "intermediate_session_token",
                                        b.liveIst()),
                                "intermediate_session_not_found")),
                Endpoint.post("/v1/b2b/passwords/existing_password/reset", ExistingPasswordResetRequest.class)
                        .body(
                                "organization_id",
                                NO_SUCH_ORGANIZATION,
                                "email_address",
                                a.pw().memberEmail(),
                                "existing_password",
                                a.pw().password(),
                                "new_password",
                                "Hostile-New-Pw-9",
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("organization_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its member's password in its organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "existing_password",
                                        b.pw().password(),
                                        "new_password",
                                        "Taken-Over-Pw-9"),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member's password through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "existing_password",
                                        b.pw().password(),
                                        "new_password",
                                        "Taken-Over-Pw-9"),
                                "unauthorized_credentials")),
                Endpoint.post("/v1/b2b/passwords/session/reset", SessionResetRequest.class)
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "password",
                                "Hostile-New-Pw-9",
                                "session_token",
                                a.revokedSessionToken(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its session in its organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        b.org1Id(),
                                        "password",
                                        "Taken-Over-Pw-9",
                                        "session_token",
                                        b.pw().sessionToken()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its session through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "password",
                                        "Taken-Over-Pw-9",
                                        "session_token",
                                        b.pw().sessionToken()),
                                "session_not_found"))
                        .probe(Probe.refused(
                                "its session JWT through our organization",
                                none,
                                none,
                                object(
                                        "organization_id",
                                        a.org1Id(),
                                        "password",
                                        "Taken-Over-Pw-9",
                                        "session_jwt",
                                        b.liveSessionJwt()),
                                "session_not_found",
                                "unable_to_parse_session_jwt")),
                Endpoint.post("/v1/b2b/passwords/email/reset/start", ResetStartRequest.class)
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.pw().memberEmail(),
                                "reset_password_redirect_url",
                                EVIL_REDIRECT,
                                "reset_password_expiration_minutes",
                                60,
                                "code_challenge",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                "login_redirect_url",
                                EVIL_REDIRECT,
                                "locale",
                                "en",
                                "reset_password_template_id",
                                "tpl",
                                "verify_email_template_id",
                                "tpl")
                        .keep("reset_password_redirect_url", NOT_ALLOWED_REDIRECT)
                        .probe(Probe.refused(
                                "its member in its organization",
                                none,
                                none,
                                object("organization_id", b.org1Id(), "email_address", b.pw().memberEmail()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member through our organization",
                                none,
                                none,
                                object("organization_id", a.org1Id(), "email_address", b.pw().memberEmail()),
                                "member_not_found")),
                Endpoint.post("/v1/b2b/passwords/email/reset", ResetRequest.class)
                        .body(
                                "password_reset_token",
                                a.pw().usedResetToken(),
                                "password",
                                "Hostile-New-Pw-9",
                                "session_duration_minutes",
                                60,
                                "code_verifier",
                                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("password_reset_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its unused link",
                                none,
                                none,
                                object(
                                        "password_reset_token",
                                        b.pw().unusedResetToken(),
                                        "password",
                                        "Taken-Over-Pw-9"),
                                "magic_link_not_found"))
                        .probe(Probe.refused(
                                "our unused link with its intermediate session",
                                none,
                                none,
                                object(
                                        "password_reset_token",
                                        a.pw().unusedResetToken(),
                                        "password",
                                        "Taken-Over-Pw-9",
                                        "intermediate_session_token",
                                        b.liveIst()),
                                "intermediate_session_not_found")),
                Endpoint.post("/v1/b2b/passwords/email/require_reset", RequireResetRequest.class)
                        .body(
                                "email_address",
                                a.pw().memberEmail(),
                                "organization_id",
                                NO_SUCH_ORGANIZATION,
                                "member_id",
                                a.pw().memberId())
                        .keep("organization_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its member in its organization",
                                none,
                                none,
                                object("email_address", b.pw().memberEmail(), "organization_id", b.org1Id()),
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member by id through our organization",
                                none,
                                none,
                                object(
                                        "email_address",
                                        b.pw().memberEmail(),
                                        "organization_id",
                                        a.org1Id(),
                                        "member_id",
                                        b.pw().memberId()),
                                "member_not_found"))
                        .probe(Probe.succeedsInOwnProject(
                                "its member's email in every organization",
                                none,
                                object("email_address", b.pw().memberEmail()),
                                false)),

                // Discovery passwords: the email's one password, before an organization is chosen.
                Endpoint.post("/v1/b2b/passwords/discovery/authenticate", DiscoveryAuthenticateRequest.class)
                        .body("email_address", a.pw().memberEmail(), "password", "Aa1-" + "x".repeat(300))
                        .keep("password", TOO_LONG_PASSWORD)
                        .probe(Probe.refused(
                                "its member's email and password",
                                none,
                                none,
                                object("email_address", b.pw().memberEmail(), "password", b.pw().password()),
                                "unauthorized_credentials")),
                Endpoint.post("/v1/b2b/passwords/discovery/email/reset/start", DiscoveryResetStartRequest.class)
                        .body(
                                "email_address",
                                a.pw().memberEmail(),
                                "reset_password_redirect_url",
                                EVIL_REDIRECT,
                                "discovery_redirect_url",
                                EVIL_REDIRECT,
                                "reset_password_template_id",
                                "tpl",
                                "reset_password_expiration_minutes",
                                60,
                                "pkce_code_challenge",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                "locale",
                                "en",
                                "verify_email_template_id",
                                "tpl")
                        .keep("reset_password_redirect_url", NOT_ALLOWED_REDIRECT)
                        .probe(Probe.succeedsInOwnProject(
                                "to its member's address, which has no membership here",
                                none,
                                object("email_address", b.pw().memberEmail()),
                                false)),
                Endpoint.post("/v1/b2b/passwords/discovery/email/reset", DiscoveryResetRequest.class)
                        .body(
                                "password_reset_token",
                                a.pw().usedDiscoveryResetToken(),
                                "password",
                                "Hostile-New-Pw-9",
                                "pkce_code_verifier",
                                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                        .keep("password_reset_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its unused discovery link",
                                none,
                                none,
                                object(
                                        "password_reset_token",
                                        b.pw().unusedDiscoveryResetToken(),
                                        "password",
                                        "Taken-Over-Pw-9"),
                                "magic_link_not_found"))
                        .probe(Probe.refused(
                                "its unused organization link",
                                none,
                                none,
                                object(
                                        "password_reset_token",
                                        b.pw().unusedResetToken(),
                                        "password",
                                        "Taken-Over-Pw-9"),
                                "magic_link_not_found")),

                // ---- sessions
                Endpoint.get("/v1/b2b/sessions")
                        .query("organization_id", String.class, a.org1Id())
                        .query("member_id", String.class, NO_SUCH_MEMBER)
                        .keep("member_id", UNKNOWN)
                        .probe(Probe.refusedRead(
                                "its member's sessions",
                                none,
                                Map.of("organization_id", b.org1Id(), "member_id", b.member1Id()),
                                null,
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "its member through our organization",
                                none,
                                Map.of("organization_id", a.org1Id(), "member_id", b.member1Id()),
                                null,
                                "member_not_found")),
                Endpoint.post("/v1/b2b/sessions/authenticate", AuthenticateSessionRequest.class)
                        .body(
                                "session_token",
                                a.revokedSessionToken(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "authorization_check",
                                Map.of("organization_id", a.org1Id(), "resource_id", "stytch.member", "action", "read"))
                        .keep("session_token", UNKNOWN)
                        .probe(Probe.refusedRead(
                                "its session token",
                                none,
                                none,
                                object("session_token", b.liveSessionToken()),
                                "session_not_found"))
                        .probe(Probe.refusedRead(
                                "its session JWT",
                                none,
                                none,
                                object("session_jwt", b.liveSessionJwt()),
                                "session_not_found",
                                "unable_to_parse_session_jwt")),
                Endpoint.post("/v1/b2b/sessions/revoke", RevokeSessionRequest.class)
                        .body("member_session_id", a.revokedSessionId())
                        .keep("member_session_id", UNKNOWN)
                        .probe(Probe.refused(
                                "its session by id",
                                none,
                                none,
                                object("member_session_id", b.liveSessionId()),
                                "session_not_found"))
                        .probe(Probe.refused(
                                "its session by token",
                                none,
                                none,
                                object("session_token", b.liveSessionToken()),
                                "session_not_found"))
                        .probe(Probe.refused(
                                "its session by JWT",
                                none,
                                none,
                                object("session_jwt", b.liveSessionJwt()),
                                "session_not_found",
                                "unable_to_parse_session_jwt"))
                        .probe(Probe.refused(
                                "its member's sessions",
                                none,
                                none,
                                object("member_id", b.member1Id()),
                                "member_not_found")),
                Endpoint.post("/v1/b2b/sessions/exchange", ExchangeSessionRequest.class)
                        .body(
                                "organization_id",
                                a.org2Id(),
                                "session_token",
                                a.revokedSessionToken(),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en")
                        .keep("session_token", UNKNOWN)
                        .probe(Probe.refused(
                                "its session into its organization",
                                none,
                                none,
                                object("organization_id", b.org2Id(), "session_token", b.liveSessionToken()),
                                "session_not_found",
                                "organization_not_found"))
                        .probe(Probe.refused(
                                "our session into its organization",
                                none,
                                none,
                                object("organization_id", b.org2Id(), "session_token", a.liveSessionToken()),
                                "organization_not_found")),
                Endpoint.get("/v1/b2b/sessions/jwks/{project_id}")
                        .publicRoute()
                        .path("project_id", NO_SUCH_PROJECT)
                        .noProbe("public by design: the SDKs fetch every project's public keys without credentials"),

                // ---- SSO connections: the bases aim at an organization or connection that does not exist.
                Endpoint.get("/v1/b2b/sso/{organization_id}")
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .probe(Probe.refusedRead(
                                "its organization's connections",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.delete("/v1/b2b/sso/{organization_id}/connections/{connection_id}")
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .probe(Probe.refused(
                                "a connection of its organization",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/sso/oidc/{organization_id}", CreateOIDCConnectionRequest.class)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .body("display_name", "Hostile IdP", "identity_provider", "okta")
                        .probe(Probe.refused(
                                "into its organization",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("display_name", "Planted"),
                                "organization_not_found")),
                Endpoint.put(
                                "/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}",
                                UpdateOIDCConnectionRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .body(
                                "display_name",
                                "Hostile IdP",
                                "client_id",
                                "c",
                                "client_secret",
                                "s",
                                "issuer",
                                "https://idp.acme.test",
                                "authorization_url",
                                "https://idp.acme.test/auth",
                                "token_url",
                                "https://idp.acme.test/token",
                                "userinfo_url",
                                "https://idp.acme.test/userinfo",
                                "jwks_url",
                                "https://idp.acme.test/jwks",
                                "identity_provider",
                                "okta",
                                "custom_scopes",
                                "groups",
                                "attribute_mapping",
                                Map.of("email", "email"))
                        .probe(Probe.refused(
                                "a connection of its organization",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                object("client_id", "planted"),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/sso/external/{organization_id}", CreateExternalConnectionRequest.class)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .body(
                                "external_organization_id",
                                a.org1Id(),
                                "external_connection_id",
                                NO_SUCH_CONNECTION,
                                "display_name",
                                "Hostile share",
                                "connection_implicit_role_assignments",
                                List.of(Map.of("role_id", "stytch_admin")),
                                "group_implicit_role_assignments",
                                List.of(Map.of("role_id", "stytch_admin", "group", "admins")))
                        .probe(Probe.refused(
                                "into its organization",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("external_organization_id", a.org1Id(), "external_connection_id", "planted"),
                                "organization_not_found")),
                Endpoint.put(
                                "/v1/b2b/sso/external/{organization_id}/connections/{connection_id}",
                                UpdateExternalConnectionRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .body(
                                "display_name",
                                "Hostile share",
                                "external_connection_implicit_role_assignments",
                                List.of(Map.of("role_id", "stytch_admin")),
                                "external_group_implicit_role_assignments",
                                List.of(Map.of("role_id", "stytch_admin", "group", "admins")))
                        .probe(Probe.refused(
                                "a connection of its organization",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                object("display_name", "planted"),
                                "organization_not_found")),
                Endpoint.post("/v1/b2b/sso/saml/{organization_id}", CreateSAMLConnectionRequest.class)
                        .path("organization_id", NO_SUCH_ORGANIZATION)
                        .body("display_name", "Hostile IdP", "identity_provider", "okta")
                        .probe(Probe.refused(
                                "into its organization",
                                Map.of("organization_id", b.org1Id()),
                                none,
                                object("display_name", "Planted"),
                                "organization_not_found")),
                Endpoint.put(
                                "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
                                UpdateSAMLConnectionRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .body(
                                "display_name",
                                "Hostile IdP",
                                "idp_entity_id",
                                "https://idp.acme.test",
                                "idp_sso_url",
                                "https://idp.acme.test/sso",
                                "identity_provider",
                                "okta",
                                "nameid_format",
                                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                                "alternative_audience_uri",
                                "urn:old:sp",
                                "alternative_acs_url",
                                "https://old.acme.test/acs",
                                "idp_initiated_auth_disabled",
                                true,
                                "allow_gateway_callback",
                                false,
                                "attribute_mapping",
                                Map.of("email", "email"))
                        .probe(Probe.refused(
                                "a connection of its organization",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                object("idp_entity_id", "planted"),
                                "organization_not_found")),
                Endpoint.put(
                                "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url",
                                UpdateSAMLByURLRequest.class)
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .body("metadata_url", "https://idp.acme.test/metadata")
                        .probe(Probe.refused(
                                "a connection of its organization",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                object("metadata_url", "https://idp.acme.test/planted"),
                                "organization_not_found")),
                Endpoint.delete("/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}"
                                + "/verification_certificates/{certificate_id}")
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .path("certificate_id", "saml-verification-key-test-00000000-0000-4000-8000-000000000000")
                        .probe(Probe.refused(
                                "a certificate of its organization's connection",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.delete("/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}"
                                + "/encryption_private_keys/{private_key_id}")
                        .path("organization_id", a.org1Id())
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .path("private_key_id", "saml-encryption-key-test-00000000-0000-4000-8000-000000000000")
                        .probe(Probe.refused(
                                "a key of its organization's connection",
                                Map.of("organization_id", b.org1Id(), "connection_id", NO_SUCH_CONNECTION),
                                none,
                                null,
                                "organization_not_found")),
                Endpoint.get("/v1/b2b/sso/saml/metadata/{connection_id}")
                        .publicRoute()
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .noProbe("public by design: an IdP imports the SP metadata without credentials; it holds"
                                + " nothing secret (SamlConnectionsTest)"),

                // ---- the SSO login
                Endpoint.get("/v1/public/sso/start")
                        .publicRoute()
                        .query("connection_id", String.class, NO_SUCH_CONNECTION)
                        .query("login_redirect_url", String.class, null)
                        .query("signup_redirect_url", String.class, null)
                        .query("pkce_code_challenge", String.class, null)
                        .noProbe("named by a public token, not the secret: SsoOidcLoginTest aims one project's token at"
                                + " another's connection"),
                Endpoint.get("/v1/b2b/sso/callback/{connection_id}")
                        .publicRoute()
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .query("state", String.class, "forged")
                        .query("code", String.class, "forged")
                        .query("error", String.class, null)
                        .noProbe(
                                "reached by the IdP without credentials: the connection names its project and the state"
                                        + " is spent once (SsoOidcLoginTest)"),
                Endpoint.post("/v1/b2b/sso/callback/{connection_id}", null)
                        .publicRoute()
                        .path("connection_id", NO_SUCH_CONNECTION)
                        .noProbe("a SAML connection's ACS, reached by the IdP without credentials: the connection names"
                                + " its project, the response must be signed by the connection's certificate and"
                                + " answer a request of this server, or, IdP-initiated, answer none while the"
                                + " connection allows it (SsoSamlRefusalsTest, SsoSamlIdpInitiatedTest)"),
                Endpoint.post("/v1/b2b/sso/authenticate", SSOAuthenticateRequest.class)
                        .body(
                                "sso_token",
                                "never-minted-sso-token",
                                "pkce_code_verifier",
                                "v".repeat(43),
                                "session_duration_minutes",
                                60,
                                "session_custom_claims",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "telemetry_id",
                                "t")
                        .keep("sso_token", UNKNOWN)
                        .noProbe("SSO tokens are found by project and hash; a token of another project is unknown"),

                // ---- Stytch's frontend SDK (/sdk/v1): the bases carry project a's public token without a
                // session, from its authorized origin; FrontendSdkTest aims public tokens and sessions at
                // other members, and unauthorized origins at every route.
                Endpoint.get("/sdk/v1/projects/bootstrap/{public_token}")
                        .sdk()
                        .path("public_token", "public-token-test-00000000-0000-4000-8000-000000000000")
                        .noProbe(SDK_PROBES),
                // Telemetry is accepted from any page of the project: only a request without credentials is refused.
                Endpoint.post("/sdk/v1/events", null)
                        .publicRoute()
                        .noProbe("accepts and drops telemetry; reads and writes nothing"),
                Endpoint.post("/sdk/v1/b2b/sessions/authenticate", SessionRefresh.class)
                        .sdk()
                        .body("session_duration_minutes", 60)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/sessions/revoke", null).sdk().noProbe(SDK_PROBES),
                Endpoint.get("/sdk/v1/b2b/organizations/members/me").sdk().noProbe(SDK_PROBES),
                Endpoint.put("/sdk/v1/b2b/organizations/members/update", SelfUpdate.class)
                        .sdk()
                        .body(
                                "name",
                                "Hostile",
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "mfa_enrolled",
                                true,
                                "mfa_phone_number",
                                "+15555550100",
                                "default_mfa_method",
                                "sms_otp")
                        .noProbe(SDK_PROBES),
                Endpoint.get("/sdk/v1/b2b/organizations/me").sdk().noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/magic_links/email/login_or_signup", LoginOrSignupRequest.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.member1Email(),
                                "login_redirect_url",
                                EVIL_REDIRECT,
                                "signup_redirect_url",
                                EVIL_REDIRECT,
                                "pkce_code_challenge",
                                "c".repeat(43),
                                "locale",
                                "en")
                        .keep("login_redirect_url", NOT_ALLOWED_REDIRECT)
                        .keep("signup_redirect_url", NOT_ALLOWED_REDIRECT)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/magic_links/authenticate", MagicLinkAuthenticate.class)
                        .sdk()
                        .body(
                                "magic_links_token",
                                "never-minted-magic-link",
                                "pkce_code_verifier",
                                "v".repeat(43),
                                "session_duration_minutes",
                                60,
                                "intermediate_session_token",
                                "never-minted-ist",
                                "locale",
                                "en")
                        .keep("magic_links_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                // Without a session in the header: refused whatever the body says.
                Endpoint.put("/sdk/v1/b2b/organizations/me", UpdateOrganizationRequest.class)
                        .sdk()
                        .body("organization_name", "Hostile", "email_invites", "ALL_ALLOWED", "mfa_policy", "OPTIONAL")
                        .noProbe(SDK_PROBES),
                Endpoint.delete("/sdk/v1/b2b/organizations/me").sdk().noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/magic_links/email/invite", FrontendBodies.Invite.class)
                        .sdk()
                        .body(
                                "email_address",
                                "invitee@" + a.domain(),
                                "invite_redirect_url",
                                EVIL_REDIRECT,
                                "invite_template_id",
                                "tpl",
                                "name",
                                "Hostile",
                                "untrusted_metadata",
                                Map.of("k", "v"),
                                "locale",
                                "en",
                                "roles",
                                List.of("stytch_admin"),
                                "invite_expiration_minutes",
                                60)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/magic_links/email/discovery/send", SendDiscoveryEmailRequest.class)
                        .sdk()
                        .body(
                                "email_address",
                                a.member1Email(),
                                "discovery_redirect_url",
                                EVIL_REDIRECT,
                                "pkce_code_challenge",
                                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                "login_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "discovery_expiration_minutes",
                                60)
                        .keep("discovery_redirect_url", NOT_ALLOWED_REDIRECT)
                        .noProbe(SDK_PROBES),
                Endpoint.post(
                                "/sdk/v1/b2b/magic_links/discovery/authenticate",
                                AuthenticateDiscoveryMagicLinkRequest.class)
                        .sdk()
                        .body("discovery_magic_links_token", a.usedDiscoveryToken())
                        .keep("discovery_magic_links_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/discovery/organizations", FrontendBodies.DiscoveryList.class)
                        .sdk()
                        .body("intermediate_session_token", a.consumedIst())
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/discovery/organizations/create", FrontendBodies.DiscoveryCreate.class)
                        .sdk()
                        .body(
                                "intermediate_session_token",
                                a.consumedIst(),
                                "session_duration_minutes",
                                60,
                                "organization_name",
                                "Hostile New",
                                "organization_slug",
                                "hostile-new",
                                "organization_logo_url",
                                "https://logo.test/x.png",
                                "sso_jit_provisioning",
                                "NOT_ALLOWED",
                                "email_allowed_domains",
                                List.of("acme.test"),
                                "email_jit_provisioning",
                                "RESTRICTED",
                                "email_invites",
                                "ALL_ALLOWED",
                                "oauth_tenant_jit_provisioning",
                                "NOT_ALLOWED",
                                "allowed_oauth_tenants",
                                Map.of("google", List.of("acme.test")),
                                "auth_methods",
                                "ALL_ALLOWED",
                                "allowed_auth_methods",
                                List.of(),
                                "mfa_policy",
                                "OPTIONAL")
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post(
                                "/sdk/v1/b2b/discovery/intermediate_sessions/exchange",
                                FrontendBodies.DiscoveryExchange.class)
                        .sdk()
                        .body(
                                "intermediate_session_token",
                                a.consumedIst(),
                                "organization_id",
                                a.org1Id(),
                                "session_duration_minutes",
                                60,
                                "locale",
                                "en")
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/sessions/exchange", FrontendBodies.SessionExchange.class)
                        .sdk()
                        .body("organization_id", a.org2Id(), "session_duration_minutes", 60, "locale", "en")
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/otps/email/login_or_signup", EmailOtpLoginOrSignupRequest.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "email_address",
                                a.mfa().memberEmail(),
                                "login_template_id",
                                "tpl",
                                "signup_template_id",
                                "tpl",
                                "locale",
                                "en",
                                "login_expiration_minutes",
                                10,
                                "signup_expiration_minutes",
                                10)
                        .keep("organization_id", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/otps/email/authenticate", FrontendBodies.EmailOtpAuthenticate.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.org1Id(),
                                "email_address",
                                a.mfa().otpMemberEmail(),
                                "code",
                                a.mfa().usedEmailCode(),
                                "intermediate_session_token",
                                a.consumedIst(),
                                "session_duration_minutes",
                                60,
                                "locale",
                                "en")
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/otps/sms/send", FrontendBodies.SmsSend.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "mfa_phone_number",
                                a.mfa().phone(),
                                "locale",
                                "en",
                                "intermediate_session_token",
                                a.mfa().consumedIst())
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/otps/sms/authenticate", FrontendBodies.SmsAuthenticate.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "code",
                                a.mfa().usedSmsCode(),
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60,
                                "set_mfa_enrollment",
                                "enroll")
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/totp", FrontendBodies.TotpCreate.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "expiration_minutes",
                                60,
                                "intermediate_session_token",
                                a.mfa().consumedIst())
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/totp/authenticate", FrontendBodies.TotpAuthenticate.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "code",
                                "123456",
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60,
                                "set_mfa_enrollment",
                                "enroll",
                                "set_default_mfa",
                                true)
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/recovery_codes/recover", FrontendBodies.Recover.class)
                        .sdk()
                        .body(
                                "organization_id",
                                a.mfa().orgId(),
                                "member_id",
                                a.mfa().memberId(),
                                "recovery_code",
                                a.mfa().usedRecoveryCode(),
                                "intermediate_session_token",
                                a.mfa().consumedIst(),
                                "session_duration_minutes",
                                60)
                        .keep("intermediate_session_token", UNKNOWN)
                        .noProbe(SDK_PROBES),
                Endpoint.post("/sdk/v1/b2b/recovery_codes/rotate", null).sdk().noProbe(SDK_PROBES),
                Endpoint.get("/sdk/v1/b2b/recovery_codes").sdk().noProbe(SDK_PROBES),

                // ---- dev mailbox (dev mode only, outside /v1/, no credentials)
                Endpoint.get("/dev/mailbox")
                        .publicRoute()
                        .query("limit", String.class, "0")
                        .query("to", String.class, null)
                        .keep("limit", BAD_QUERY_LIMIT)
                        .noProbe("dev mode only, on 127.0.0.1: a local developer's mail of every project"),
                Endpoint.get("/dev/mailbox/messages")
                        .publicRoute()
                        .query("limit", String.class, "0")
                        .query("to", String.class, null)
                        .query("project_id", String.class, null)
                        .keep("limit", BAD_QUERY_LIMIT)
                        .noProbe("dev mode only, on 127.0.0.1: a local developer's mail of every project"),
                Endpoint.get("/dev/mailbox/messages/{id}/html")
                        .publicRoute()
                        .path("id", "message-test-nothing")
                        .noProbe("dev mode only, on 127.0.0.1: a local developer's mail of every project"),
                // Reads no input: refused because the hostile requests never carry the page's own Origin.
                Endpoint.post("/dev/mailbox/clear", null)
                        .publicRoute()
                        .noProbe("dev mode only, on 127.0.0.1: a local developer's mail of every project"));
    }
}
