package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.security.Endpoint.Probe;
import io.latchkey.server.testing.RawRequest;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Response headers that keep browsers and caches from doing harm: every HTML page (the dev
 * mailbox and the message bodies it frames) has a Content-Security-Policy without script, may
 * not be framed by another origin, and is never stored; every API answer, success or error, is
 * never stored and never sniffed as another content type. The JWKS is the one deliberate
 * exception to no-store: it is public and the same for every caller.
 */
class SecurityHeadersTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static SecurityWorld world;

    @BeforeAll
    static void start() {
        world = SecurityWorld.build(server);
    }

    private static RawRequest.Answer get(String target) {
        return RawRequest.of("GET", target).send(server.baseUrl());
    }

    @Test
    void everyHtmlPageHasAScriptlessCspRefusesForeignFramesAndIsNeverStored() throws Exception {
        String messageId = Endpoint.JSON
                .readTree(get("/dev/mailbox/messages?limit=1").body())
                .get(0)
                .path("id")
                .asText();
        List<String> pages = List.of(
                "/dev/mailbox",
                "/dev/mailbox?to=" + HostileValues.enc(world.a.member1Email()),
                "/dev/mailbox?to=nobody%40nowhere.test",
                "/dev/mailbox?limit=1",
                "/dev/mailbox/messages/" + messageId + "/html");
        for (String page : pages) {
            RawRequest.Answer a = get(page);
            assertThat(a.status()).as(page).isEqualTo(200);
            assertThat(a.header("Content-Type")).as(page).startsWith("text/html");
            String csp = a.header("Content-Security-Policy");
            assertThat(csp)
                    .as("%s CSP", page)
                    .isNotNull()
                    .contains("default-src 'none'")
                    .doesNotContain("script-src")
                    .doesNotContain("'unsafe-eval'");
            String frameOptions = a.header("X-Frame-Options");
            assertThat(csp.contains("frame-ancestors 'none'")
                            || csp.contains("frame-ancestors 'self'")
                            || "DENY".equals(frameOptions)
                            || "SAMEORIGIN".equals(frameOptions))
                    .as("%s framing", page)
                    .isTrue();
            assertThat(frameOptions).as("%s X-Frame-Options", page).isIn("DENY", "SAMEORIGIN");
            assertThat(a.header("Cache-Control")).as(page).isEqualTo("no-store");
            assertThat(a.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
            assertThat(a.header("Referrer-Policy"))
                    .as("%s leaks no token-bearing URL by Referer", page)
                    .isEqualTo("no-referrer");
        }
        assertThat(get("/dev/mailbox").header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @Test
    void everyApiAnswerSuccessOrErrorIsNeverStoredOrSniffed() {
        List<RawRequest> requests = new ArrayList<>();
        String auth = RawRequest.basic(world.a.projectId(), world.a.secret());
        // The successful reads of the endpoint table (its read probes, with the owner's credentials).
        for (Endpoint e : Endpoints.all(world)) {
            for (Probe p : e.probes) {
                if (p.readOnly()) {
                    Map<String, String> path = new java.util.LinkedHashMap<>(e.path);
                    path.putAll(p.path());
                    RawRequest r = RawRequest.of(e.method, e.target(path, p.query()))
                            .withHeader("Authorization", RawRequest.basic(world.b.projectId(), world.b.secret()));
                    requests.add(
                            p.body() == null
                                    ? r
                                    : r.withHeader("Content-Type", "application/json")
                                            .withBody(HostileCases.body(p.body())));
                }
            }
        }
        // Writes that succeed, and the errors of every kind of refusal.
        requests.add(RawRequest.of("POST", "/v1/b2b/organizations")
                .withHeader("Authorization", auth)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"organization_name\":\"Headers Inc\"}"));
        requests.add(RawRequest.of("POST", "/v1/b2b/organizations/search")
                .withHeader("Authorization", auth)
                .withBody("{}"));
        requests.add(RawRequest.of("POST", "/v1/b2b/sessions/authenticate")
                .withHeader("Authorization", auth)
                .withBody(HostileCases.body(Endpoint.object("session_token", world.a.liveSessionToken()))));
        requests.add(RawRequest.of("GET", "/v1/b2b/organizations/" + world.a.org1Id()));
        requests.add(RawRequest.of("GET", "/v1/b2b/organizations/" + HostileValues.NO_SUCH_ORGANIZATION)
                .withHeader("Authorization", auth));
        requests.add(RawRequest.of("PATCH", "/v1/b2b/organizations/x").withHeader("Authorization", auth));
        requests.add(RawRequest.of("GET", "/v1/b2b/nothing").withHeader("Authorization", auth));
        requests.add(RawRequest.of("GET", "/v1/b2b/organizations/a%00b").withHeader("Authorization", auth));
        requests.add(RawRequest.of("POST", "/v1/b2b/organizations")
                .withHeader("Authorization", auth)
                .withBody("{"));
        requests.add(RawRequest.of("GET", "/dev/mailbox/messages?limit=2"));
        requests.add(RawRequest.of("GET", "/dev/mailbox/messages?limit=0"));
        int successes = 0;
        for (RawRequest r : requests) {
            RawRequest.Answer a = r.send(server.baseUrl());
            successes += a.status() == 200 ? 1 : 0;
            assertThat(a.status()).as(r.describe()).isPositive();
            assertThat(a.header("Content-Type")).as(r.describe()).startsWith("application/json");
            assertThat(a.header("Cache-Control")).as("%s → %s", r.describe(), a).isEqualTo("no-store");
            assertThat(a.header("X-Content-Type-Options"))
                    .as("%s → %s", r.describe(), a)
                    .isEqualTo("nosniff");
        }
        assertThat(successes).as("successful answers among the checked ones").isGreaterThanOrEqualTo(10);
    }

    @Test
    void theJwksIsPublicAndCacheableButStillNotSniffable() {
        RawRequest.Answer a = get("/v1/b2b/sessions/jwks/" + world.a.projectId());
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Cache-Control")).startsWith("public, max-age=");
        assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(a.body())
                .doesNotContain(world.a.org1Id())
                .doesNotContain(world.a.member1Email())
                .doesNotContain("\"d\"")
                .doesNotContain("\"p\"")
                .doesNotContain("\"q\"");
        assertThat(world.a
                        .api()
                        .post("/v1/b2b/sessions/authenticate", json("session_token", world.a.liveSessionToken()))
                        .headers()
                        .firstValue("Cache-Control"))
                .contains("no-store");
    }
}
