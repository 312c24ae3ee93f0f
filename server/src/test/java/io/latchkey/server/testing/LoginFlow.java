package io.latchkey.server.testing;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Steps of the login flow as a test performs them over HTTP: organizations with settings, a
 * magic link requested, the emailed link read back from the dev mailbox, and the token in it.
 */
public final class LoginFlow {
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+stytch_token_type=[^\\s\"'<>]+");

    private final TestServer server;
    private final ApiClient api;

    public LoginFlow(TestServer server) {
        this(server, server.client());
    }

    /** The same flow in the project {@code api} speaks for. */
    public LoginFlow(TestServer server, ApiClient api) {
        this.server = server;
        this.api = api;
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates an organization whose JIT sign-up is open to {@code domain}; returns its JSON. */
    public JsonNode organizationAllowing(String domain, Object... extraSettings) {
        Map<String, Object> body = json(
                "organization_name",
                "Org " + unique("n"),
                "organization_slug",
                unique("org"),
                "email_allowed_domains",
                List.of(domain),
                "email_jit_provisioning",
                "RESTRICTED",
                "email_invites",
                "ALL_ALLOWED");
        for (int i = 0; i < extraSettings.length; i += 2) {
            body.put((String) extraSettings[i], extraSettings[i + 1]);
        }
        ApiResponse r = api.post("/v1/b2b/organizations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("organization");
    }

    public ApiResponse loginOrSignup(String organizationId, String email) {
        return api.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                json("organization_id", organizationId, "email_address", email));
    }

    /** The newest link mailed to {@code email}, waiting for the outbox to deliver it. */
    public String awaitLink(String email) {
        return awaitLinks(email, 1).get(0);
    }

    /** The newest {@code count} links mailed to {@code email}, newest first. */
    public List<String> awaitLinks(String email, int count) {
        return new DevMailbox(api).await(email, null, LINK, count);
    }

    /** The token of the newest link mailed to {@code email}, waiting for the outbox to deliver it. */
    public String awaitToken(String email) {
        return tokenOf(awaitLink(email));
    }

    /** The {@code token} query parameter of an emailed link. */
    public static String tokenOf(String link) {
        return queryParam(link, "token");
    }

    public static String queryParam(String link, String name) {
        for (String pair : URI.create(link).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + name + " in " + link);
    }

    /** Signs {@code email} up to the organization and returns the authenticate response. */
    public ApiResponse signUpAndAuthenticate(String organizationId, String email) {
        ApiResponse sent = loginOrSignup(organizationId, email);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String token = tokenOf(awaitLink(email));
        return api.post(
                "/v1/b2b/magic_links/authenticate", json("magic_links_token", token, "session_duration_minutes", 60));
    }

    public TestServer server() {
        return server;
    }
}
