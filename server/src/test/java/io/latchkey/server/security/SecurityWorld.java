package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.DevMailbox;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Realistic data in two projects of one server, made over HTTP the way clients make it: two
 * organizations each, members in every state (active with a live session, one whose session was
 * revoked, one created by the API, one deleted), used and unused magic links, used and unused
 * discovery links, a live and a consumed intermediate session, and the second factors of
 * {@link Mfa}. Every id, token and code a hostile or cross-project request might aim at exists.
 */
final class SecurityWorld {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

    final TestServer server;
    /** The server's test project: the one hostile requests authenticate as. */
    final Tenant a;
    /** Another project on the same server: its data must stay out of reach of a's credentials. */
    final Tenant b;

    private SecurityWorld(TestServer server, Tenant a, Tenant b) {
        this.server = server;
        this.a = a;
        this.b = b;
    }

    /** One project's credentials and data. */
    record Tenant(
            String projectId,
            String secret,
            ApiClient api,
            String domain,
            String org1Id,
            String org1Slug,
            String org1ExternalId,
            String org1Name,
            String org2Id,
            String org2Slug,
            String member1Id,
            String member1Email,
            String member2Id,
            String member2Email,
            String apiMemberId,
            String apiMemberEmail,
            String apiMemberExternalId,
            String deletedMemberId,
            String org2MemberId,
            String liveSessionId,
            String liveSessionToken,
            String liveSessionJwt,
            String revokedSessionId,
            String revokedSessionToken,
            String revokedSessionJwt,
            String usedMagicToken,
            String unusedMagicToken,
            String usedDiscoveryToken,
            String unusedDiscoveryToken,
            String liveIst,
            String consumedIst,
            Mfa mfa,
            Passwords pw) {

        /** Every identifier of this tenant's data that a response to another project must never show. */
        List<String> identifiers() {
            return List.of(
                    org1Id,
                    org1Slug,
                    org1ExternalId,
                    org2Id,
                    org2Slug,
                    member1Id,
                    member1Email,
                    member2Id,
                    member2Email,
                    apiMemberId,
                    apiMemberEmail,
                    apiMemberExternalId,
                    deletedMemberId,
                    org2MemberId,
                    liveSessionId,
                    revokedSessionId,
                    mfa.orgId(),
                    mfa.orgSlug(),
                    mfa.memberId(),
                    mfa.memberEmail(),
                    mfa.totpRegistrationId(),
                    mfa.otpMemberId(),
                    mfa.otpMemberEmail(),
                    pw.memberId(),
                    pw.memberEmail());
        }

        /** The ids that only this tenant's rows hold (names, slugs and emails may recur in another project). */
        List<String> ids() {
            return List.of(
                    projectId,
                    org1Id,
                    org2Id,
                    member1Id,
                    member2Id,
                    apiMemberId,
                    deletedMemberId,
                    org2MemberId,
                    liveSessionId,
                    revokedSessionId,
                    mfa.orgId(),
                    mfa.memberId(),
                    mfa.totpRegistrationId(),
                    mfa.otpMemberId(),
                    pw.memberId());
        }

        /** Every credential, token and code of this tenant: none may ever appear in a response it did not mint. */
        List<String> secrets() {
            List<String> all = new ArrayList<>(List.of(
                    secret,
                    liveSessionToken,
                    liveSessionJwt,
                    revokedSessionToken,
                    revokedSessionJwt,
                    usedMagicToken,
                    unusedMagicToken,
                    usedDiscoveryToken,
                    unusedDiscoveryToken,
                    liveIst,
                    consumedIst));
            all.addAll(mfa.secrets());
            all.addAll(pw.secrets());
            return all;
        }
    }

    /**
     * One project's passwords. In the first organization a member imported by passwords.migrate
     * (an MD5 hash) has since set {@code password} through an emailed reset link, which is spent
     * ({@code usedResetToken}, and the session it started); a second link waits unused. A
     * discovery reset link set the same password again (spent), and another waits unused.
     */
    record Passwords(
            String memberId,
            String memberEmail,
            String password,
            String usedResetToken,
            String unusedResetToken,
            String sessionToken,
            String usedDiscoveryResetToken,
            String unusedDiscoveryResetToken) {

        List<String> secrets() {
            return List.of(
                    password,
                    usedResetToken,
                    unusedResetToken,
                    sessionToken,
                    usedDiscoveryResetToken,
                    unusedDiscoveryResetToken);
        }
    }

    /**
     * One project's second factors. An organization that requires MFA and allows only magic links
     * (so email codes are refused there) holds a member who enrolled TOTP from an intermediate
     * session, spent a recovery code on a later login, added a verified SMS number from the TOTP
     * session, has a used and an unused SMS code, and a live intermediate session waiting for MFA.
     * In the first organization, a member signed up by email code has a used and an unused one.
     */
    record Mfa(
            String orgId,
            String orgSlug,
            String memberId,
            String memberEmail,
            String totpRegistrationId,
            String totpSecret,
            String sessionToken,
            String sessionJwt,
            String usedRecoveryCode,
            List<String> unusedRecoveryCodes,
            String liveIst,
            String consumedIst,
            String recoveredIst,
            String phone,
            String usedSmsCode,
            String unusedSmsCode,
            String otpMemberId,
            String otpMemberEmail,
            String usedEmailCode,
            String unusedEmailCode,
            String otpSessionToken) {

        /** The long secrets (codes of six digits are too short to look for in text without false alarms). */
        List<String> secrets() {
            List<String> all = new ArrayList<>(List.of(
                    totpSecret,
                    sessionToken,
                    sessionJwt,
                    usedRecoveryCode,
                    liveIst,
                    consumedIst,
                    recoveredIst,
                    otpSessionToken));
            all.addAll(unusedRecoveryCodes);
            return all;
        }

        /** Every code handed out in clear: the six-digit ones and the recovery codes. */
        List<String> codes() {
            List<String> all = new ArrayList<>(
                    List.of(usedSmsCode, unusedSmsCode, usedEmailCode, unusedEmailCode, usedRecoveryCode));
            all.addAll(unusedRecoveryCodes);
            return all;
        }
    }

    /** The origin project a authorized for the frontend SDK (/sdk/v1). */
    static final String SDK_ORIGIN = "http://localhost:3000";

    static SecurityWorld build(TestServer server) {
        Builder builder = new Builder(server);
        // The endpoint table assigns the role "reader"; both projects define it.
        io.latchkey.server.testing.TestPolicies.defineRoles(server, "reader");
        Tenant a = builder.tenant(server.projectId(), server.secret(), server.client(), "acme.test");
        // The frontend SDK's routes answer project a's pages at this origin.
        server.app().projects().addAuthorizedOrigin(server.projectId(), SDK_ORIGIN);
        NewProject other = server.newProject("Other project");
        io.latchkey.server.testing.TestPolicies.defineRoles(
                server.app(), other.project().projectId(), "reader");
        Tenant b = builder.tenant(other.project().projectId(), other.secret(), server.clientFor(other), "initech.test");
        SecurityWorld world = new SecurityWorld(server, a, b);
        world.awaitMailDelivered();
        return world;
    }

    /**
     * Waits until the outbox sender has handled every queued message, so nothing but the requests
     * under test changes the database from here on (the clock is frozen: nothing else is due).
     */
    void awaitMailDelivered() {
        DevMailbox.until(
                "the outbox to hold no queued mail",
                () -> server.app()
                                .database()
                                .read(tx -> tx.queryLong("SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'"))
                        == 0);
    }

    /** Values of one kind from a's data, for "an id of the wrong kind" and of b's for "another project's id". */
    List<String> values() {
        List<String> all = new ArrayList<>(a.identifiers());
        all.addAll(b.identifiers());
        return all;
    }

    private static final class Builder {
        private final TestServer server;
        private final Map<String, Integer> linksSent = new HashMap<>();

        Builder(TestServer server) {
            this.server = server;
        }

        Tenant tenant(String projectId, String secret, ApiClient api, String domain) {
            String org1Slug = LoginFlow.unique("org1");
            String org1ExternalId = LoginFlow.unique("ext-org1");
            String org1Name = "Org One " + LoginFlow.unique("n");
            JsonNode org1 = ok(api.post(
                            "/v1/b2b/organizations",
                            json(
                                    "organization_name",
                                    org1Name,
                                    "organization_slug",
                                    org1Slug,
                                    "organization_external_id",
                                    org1ExternalId,
                                    "email_allowed_domains",
                                    List.of(domain),
                                    "email_jit_provisioning",
                                    "RESTRICTED",
                                    "email_invites",
                                    "ALL_ALLOWED",
                                    "trusted_metadata",
                                    Map.of("tier", "gold"))))
                    .path("organization");
            String org1Id = org1.path("organization_id").asText();
            String org2Slug = LoginFlow.unique("org2");
            String org2Id = ok(api.post(
                            "/v1/b2b/organizations",
                            json(
                                    "organization_name",
                                    "Org Two " + LoginFlow.unique("n"),
                                    "organization_slug",
                                    org2Slug,
                                    "email_allowed_domains",
                                    List.of(domain),
                                    "email_jit_provisioning",
                                    "RESTRICTED")))
                    .path("organization")
                    .path("organization_id")
                    .asText();

            // Member 1 signs up by magic link and keeps a live session; its link is then used.
            String member1Email = LoginFlow.unique("ada") + "@" + domain;
            String usedMagicToken = magicToken(api, org1Id, member1Email);
            JsonNode login1 = ok(api.post(
                    "/v1/b2b/magic_links/authenticate",
                    json("magic_links_token", usedMagicToken, "session_duration_minutes", 600)));
            String member1Id = login1.path("member_id").asText();

            // Member 2 signs up too; its session is revoked.
            String member2Email = LoginFlow.unique("bob") + "@" + domain;
            JsonNode login2 = ok(api.post(
                    "/v1/b2b/magic_links/authenticate",
                    json("magic_links_token", magicToken(api, org1Id, member2Email), "session_duration_minutes", 600)));
            ok(api.post(
                    "/v1/b2b/sessions/revoke",
                    json("session_token", login2.path("session_token").asText())));

            // Members made by the API: one kept, one deleted, one in the second organization.
            String apiMemberEmail = LoginFlow.unique("cy") + "@" + domain;
            String apiMemberExternalId = LoginFlow.unique("ext-m");
            String apiMemberId = ok(api.post(
                            "/v1/b2b/organizations/" + org1Id + "/members",
                            json(
                                    "email_address",
                                    apiMemberEmail,
                                    "name",
                                    "Cy",
                                    "external_id",
                                    apiMemberExternalId,
                                    "roles",
                                    List.of("stytch_admin"),
                                    "trusted_metadata",
                                    Map.of("team", "red"))))
                    .path("member")
                    .path("member_id")
                    .asText();
            String deletedMemberId = ok(api.post(
                            "/v1/b2b/organizations/" + org1Id + "/members",
                            json("email_address", LoginFlow.unique("gone") + "@" + domain)))
                    .path("member")
                    .path("member_id")
                    .asText();
            ok(api.delete("/v1/b2b/organizations/" + org1Id + "/members/" + deletedMemberId));
            String org2MemberId = ok(api.post(
                            "/v1/b2b/organizations/" + org2Id + "/members",
                            json("email_address", LoginFlow.unique("dee") + "@" + domain)))
                    .path("member")
                    .path("member_id")
                    .asText();

            // A second link for member 1, never used.
            String unusedMagicToken = magicToken(api, org1Id, member1Email);

            // Discovery: one link used and its intermediate session kept live, one used and its
            // intermediate session exchanged (consumed), one link never used.
            String usedDiscoveryToken = discoveryToken(api, member1Email);
            String liveIst = ok(api.post(
                            "/v1/b2b/magic_links/discovery/authenticate",
                            json("discovery_magic_links_token", usedDiscoveryToken)))
                    .path("intermediate_session_token")
                    .asText();
            String consumedIst = ok(api.post(
                            "/v1/b2b/magic_links/discovery/authenticate",
                            json("discovery_magic_links_token", discoveryToken(api, member1Email))))
                    .path("intermediate_session_token")
                    .asText();
            ok(api.post(
                    "/v1/b2b/discovery/intermediate_sessions/exchange",
                    json("intermediate_session_token", consumedIst, "organization_id", org1Id)));
            String unusedDiscoveryToken = discoveryToken(api, member1Email);
            Mfa mfa = mfa(api, domain, org1Id);
            Passwords pw = passwords(api, domain, org1Id);

            return new Tenant(
                    projectId,
                    secret,
                    api,
                    domain,
                    org1Id,
                    org1Slug,
                    org1ExternalId,
                    org1Name,
                    org2Id,
                    org2Slug,
                    member1Id,
                    member1Email,
                    login2.path("member_id").asText(),
                    member2Email,
                    apiMemberId,
                    apiMemberEmail,
                    apiMemberExternalId,
                    deletedMemberId,
                    org2MemberId,
                    login1.path("member_session").path("member_session_id").asText(),
                    login1.path("session_token").asText(),
                    login1.path("session_jwt").asText(),
                    login2.path("member_session").path("member_session_id").asText(),
                    login2.path("session_token").asText(),
                    login2.path("session_jwt").asText(),
                    usedMagicToken,
                    unusedMagicToken,
                    usedDiscoveryToken,
                    unusedDiscoveryToken,
                    liveIst,
                    consumedIst,
                    mfa,
                    pw);
        }

        private Passwords passwords(ApiClient api, String domain, String org1Id) {
            String email = LoginFlow.unique("pat") + "@" + domain;
            String imported = "Imported-" + LoginFlow.unique("Pw9");
            JsonNode migrated = ok(api.post(
                    "/v1/b2b/passwords/migrate",
                    json(
                            "organization_id",
                            org1Id,
                            "email_address",
                            email,
                            "hash_type",
                            "md_5",
                            "hash",
                            md5Hex(imported))));
            String memberId = migrated.path("member_id").asText();
            String password = "Chosen-" + LoginFlow.unique("Pw9");
            ok(api.post(
                    "/v1/b2b/passwords/email/reset/start", json("organization_id", org1Id, "email_address", email)));
            String usedResetToken = nextLinkToken(email);
            JsonNode reset = ok(api.post(
                    "/v1/b2b/passwords/email/reset",
                    json("password_reset_token", usedResetToken, "password", password)));
            ok(api.post(
                    "/v1/b2b/passwords/email/reset/start", json("organization_id", org1Id, "email_address", email)));
            String unusedResetToken = nextLinkToken(email);
            ok(api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email)));
            String usedDiscoveryResetToken = nextLinkToken(email);
            ok(api.post(
                    "/v1/b2b/passwords/discovery/email/reset",
                    json("password_reset_token", usedDiscoveryResetToken, "password", password)));
            ok(api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email)));
            String unusedDiscoveryResetToken = nextLinkToken(email);
            return new Passwords(
                    memberId,
                    email,
                    password,
                    usedResetToken,
                    unusedResetToken,
                    reset.path("session_token").asText(),
                    usedDiscoveryResetToken,
                    unusedDiscoveryResetToken);
        }

        private Mfa mfa(ApiClient api, String domain, String org1Id) {
            MfaFlow codes = new MfaFlow(server);
            String orgSlug = LoginFlow.unique("mfa-org");
            String orgId = ok(api.post(
                            "/v1/b2b/organizations",
                            json(
                                    "organization_name",
                                    "MFA Org " + LoginFlow.unique("n"),
                                    "organization_slug",
                                    orgSlug,
                                    "email_allowed_domains",
                                    List.of(domain),
                                    "email_jit_provisioning",
                                    "RESTRICTED",
                                    "auth_methods",
                                    "RESTRICTED",
                                    "allowed_auth_methods",
                                    List.of("magic_link"),
                                    "mfa_policy",
                                    "REQUIRED_FOR_ALL")))
                    .path("organization")
                    .path("organization_id")
                    .asText();

            // Sign-up by magic link stops at MFA; TOTP enrolled from that intermediate session.
            String email = LoginFlow.unique("mfa") + "@" + domain;
            JsonNode signup = ok(api.post(
                    "/v1/b2b/magic_links/authenticate", json("magic_links_token", magicToken(api, orgId, email))));
            String memberId = signup.path("member_id").asText();
            String consumedIst = signup.path("intermediate_session_token").asText();
            JsonNode created = ok(api.post(
                    "/v1/b2b/totp",
                    json("organization_id", orgId, "member_id", memberId, "intermediate_session_token", consumedIst)));
            String secret = created.path("secret").asText();
            List<String> recoveryCodes = new ArrayList<>();
            created.path("recovery_codes").forEach(c -> recoveryCodes.add(c.asText()));
            JsonNode totpLogin = ok(api.post(
                    "/v1/b2b/totp/authenticate",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "code",
                            MfaFlow.totp(secret, server.clock().instant()),
                            "intermediate_session_token",
                            consumedIst)));
            String sessionToken = totpLogin.path("session_token").asText();

            // A later login completes MFA with a recovery code.
            String recoveredIst = mfaLogin(api, orgId, email);
            ok(api.post(
                    "/v1/b2b/recovery_codes/recover",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "recovery_code",
                            recoveryCodes.get(0),
                            "intermediate_session_token",
                            recoveredIst)));

            // An SMS number added from the TOTP session, verified with one code; a second code waits.
            String phone = MfaFlow.uniquePhone();
            ok(api.post(
                    "/v1/b2b/otps/sms/send",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "mfa_phone_number",
                            phone,
                            "session_token",
                            sessionToken)));
            String usedSmsCode = codes.awaitCodes("sms", phone, 1).get(0);
            JsonNode smsLogin = ok(api.post(
                    "/v1/b2b/otps/sms/authenticate",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "code",
                            usedSmsCode,
                            "session_token",
                            sessionToken)));
            ok(api.post(
                    "/v1/b2b/otps/sms/send",
                    json("organization_id", orgId, "member_id", memberId, "session_token", sessionToken)));
            String unusedSmsCode = codes.awaitCodes("sms", phone, 2).get(0);

            String liveIst = mfaLogin(api, orgId, email);

            // Email codes in the first organization: one signs a new member up, the next is never used.
            String otpEmail = LoginFlow.unique("otp") + "@" + domain;
            ok(api.post(
                    "/v1/b2b/otps/email/login_or_signup", json("organization_id", org1Id, "email_address", otpEmail)));
            String usedEmailCode = codes.awaitCodes("email", otpEmail, 1).get(0);
            JsonNode otpLogin = ok(api.post(
                    "/v1/b2b/otps/email/authenticate",
                    json("organization_id", org1Id, "email_address", otpEmail, "code", usedEmailCode)));
            ok(api.post(
                    "/v1/b2b/otps/email/login_or_signup", json("organization_id", org1Id, "email_address", otpEmail)));
            String unusedEmailCode = codes.awaitCodes("email", otpEmail, 2).get(0);

            return new Mfa(
                    orgId,
                    orgSlug,
                    memberId,
                    email,
                    created.path("totp_registration_id").asText(),
                    secret,
                    smsLogin.path("session_token").asText(),
                    smsLogin.path("session_jwt").asText(),
                    recoveryCodes.get(0),
                    List.copyOf(recoveryCodes.subList(1, recoveryCodes.size())),
                    liveIst,
                    consumedIst,
                    recoveredIst,
                    phone,
                    usedSmsCode,
                    unusedSmsCode,
                    otpLogin.path("member_id").asText(),
                    otpEmail,
                    usedEmailCode,
                    unusedEmailCode,
                    otpLogin.path("session_token").asText());
        }

        /** Logs the member in again by magic link where MFA is due: the intermediate session token. */
        private String mfaLogin(ApiClient api, String organizationId, String email) {
            JsonNode login = ok(api.post(
                    "/v1/b2b/magic_links/authenticate",
                    json("magic_links_token", magicToken(api, organizationId, email))));
            assertThat(login.path("member_authenticated").asBoolean())
                    .as(login.toString())
                    .isFalse();
            return login.path("intermediate_session_token").asText();
        }

        private String magicToken(ApiClient api, String organizationId, String email) {
            ok(api.post(
                    "/v1/b2b/magic_links/email/login_or_signup",
                    json("organization_id", organizationId, "email_address", email)));
            return nextLinkToken(email);
        }

        private String discoveryToken(ApiClient api, String email) {
            ok(api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email)));
            return nextLinkToken(email);
        }

        /** The token of the newest link mailed to {@code email}, once every link sent to it arrived. */
        private String nextLinkToken(String email) {
            int expected = linksSent.merge(email, 1, Integer::sum);
            return LoginFlow.tokenOf(new DevMailbox(server.client())
                    .await(email, null, LINK, expected)
                    .get(0));
        }
    }

    static String md5Hex(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5")
                            .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode ok(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }
}
