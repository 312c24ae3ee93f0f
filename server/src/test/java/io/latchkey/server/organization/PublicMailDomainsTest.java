package io.latchkey.server.organization;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Public mail providers outside the few big names (national domains of Microsoft, Yahoo, GMX
 * and others) are as open to anybody as gmail.com: no organization may allow or claim them.
 */
class PublicMailDomainsTest {
    static final List<String> PUBLIC = List.of(
            "hotmail.fr", "outlook.de", "yahoo.co.jp", "gmx.at", "HOTMAIL.FR", "libero.it", "mail.ru", "hey.com");

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;

    @BeforeAll
    static void start() {
        api = server.client();
    }

    @Test
    void publicMailDomainsAreRefusedAsAllowedOrClaimedDomainsOnCreateAndUpdate() {
        ApiResponse created = api.post(
                "/v1/b2b/organizations",
                json(
                        "organization_name",
                        "Org",
                        "organization_slug",
                        unique("org"),
                        "email_allowed_domains",
                        List.of("acme-corp.test")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String orgId =
                created.body().path("organization").path("organization_id").asText();
        for (String domain : PUBLIC) {
            for (String field : List.of("email_allowed_domains", "claimed_email_domains")) {
                ApiResponse create = api.post(
                        "/v1/b2b/organizations",
                        json("organization_name", "Org", "organization_slug", unique("org"), field, List.of(domain)));
                assertThat(create.status())
                        .as(domain + " " + field + " " + create)
                        .isEqualTo(400);
                assertThat(create.errorType()).isEqualTo("organization_settings_domain_too_common");
                ApiResponse update = api.put("/v1/b2b/organizations/" + orgId, json(field, List.of(domain)));
                assertThat(update.status())
                        .as(domain + " " + field + " " + update)
                        .isEqualTo(400);
                assertThat(update.errorType()).isEqualTo("organization_settings_domain_too_common");
            }
        }
        assertThat(api.get("/v1/b2b/organizations/" + orgId)
                        .body()
                        .path("organization")
                        .path("email_allowed_domains")
                        .toString())
                .isEqualTo("[\"acme-corp.test\"]");
    }

    @Test
    void companyDomainsAreStillAllowed() {
        for (String domain : List.of("acme-corp.test", "stytch.com", "microsoft.com", "example.co.jp")) {
            ApiResponse r = api.post(
                    "/v1/b2b/organizations",
                    json(
                            "organization_name",
                            "Org",
                            "organization_slug",
                            unique("org"),
                            "email_allowed_domains",
                            List.of(domain)));
            assertThat(r.status()).as(domain + " " + r).isEqualTo(200);
        }
    }
}
