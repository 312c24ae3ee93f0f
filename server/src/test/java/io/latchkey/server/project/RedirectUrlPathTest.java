package io.latchkey.server.project;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Environment;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A redirect URL allow-list entry with a path ({@code http://localhost:3000/cb}) admits only
 * paths below it as the receiving application reads them: the forms servers read differently
 * ({@code ..;}, backslashes, escaped slashes and dots) are refused, whatever they decode to.
 */
class RedirectUrlPathTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static String organizationId;

    @BeforeAll
    static void start() {
        List<RedirectUrl> urls = new ArrayList<>();
        for (RedirectUrlType type : RedirectUrlType.values()) {
            urls.add(new RedirectUrl("http://localhost:3000/cb", type, false));
        }
        NewProject project = server.app().projects().create("Path-bound", Environment.TEST, urls);
        api = server.clientFor(project);
        organizationId = new LoginFlow(server, api)
                .organizationAllowing("acme.test")
                .path("organization_id")
                .asText();
    }

    ApiResponse loginOrSignup(String redirect) {
        return api.post(
                "/v1/b2b/magic_links/email/login_or_signup",
                json(
                        "organization_id",
                        organizationId,
                        "email_address",
                        unique("u") + "@acme.test",
                        "login_redirect_url",
                        redirect,
                        "signup_redirect_url",
                        redirect));
    }

    @Test
    void pathsBelowTheEntryAreAllowedAsSentOrWithOnlyUnreservedCharactersEscaped() {
        for (String url : List.of(
                "http://localhost:3000/cb",
                "http://localhost:3000/cb/done?next=%2F..%5Cx",
                "http://localhost:3000/c%62/done",
                "http://localhost:3000/cb/caf%c3%a9")) {
            ApiResponse r = loginOrSignup(url);
            assertThat(r.status()).as(url + " " + r).isEqualTo(200);
        }
    }

    @Test
    void pathParameterBackslashAndEscapedSeparatorOrDotFormsAreRefused() {
        for (String url : List.of(
                "http://localhost:3000/cb/..;/admin",
                "http://localhost:3000/cb;/../admin",
                "http://localhost:3000/cb/%5c..%5cadmin",
                "http://localhost:3000/cb/%5C%2e%2e%5Cadmin",
                "http://localhost:3000/cb%2f..%2fadmin",
                "http://localhost:3000/cb/%2e%2e/admin",
                "http://localhost:3000/cb/.%2e/admin",
                "http://localhost:3000/cb/%252e%252e/admin",
                "http://localhost:3000/cb/./../admin",
                "http://localhost:3000/cb/x/%00",
                "http://localhost:3000/cb\\..\\admin",
                "http://localhost:3000/cbx",
                "http://localhost:3000/admin")) {
            ApiResponse r = loginOrSignup(url);
            assertThat(r.status()).as(url + " " + r).isEqualTo(400);
            assertThat(r.errorType()).as(url).isIn("invalid_signup_redirect_url", "invalid_login_redirect_url");
        }
    }
}
