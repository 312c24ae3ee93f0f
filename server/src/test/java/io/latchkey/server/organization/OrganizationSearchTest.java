package io.latchkey.server.organization;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrganizationSearchTest {
    static final String ORGS = "/v1/b2b/organizations";
    static final String SEARCH = ORGS + "/search";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static List<String> created = new ArrayList<>();
    static String acme;
    static String globex;
    static String initech;

    @BeforeAll
    static void start() {
        api = server.client();
        acme = org(json(
                "organization_name",
                "Acme Rockets",
                "organization_slug",
                "acme",
                "email_allowed_domains",
                List.of("acme.com"),
                "claimed_email_domains",
                List.of("acme.io")));
        globex = org(json(
                "organization_name",
                "Globex Corporation",
                "organization_slug",
                "globex",
                "email_allowed_domains",
                List.of("globex.com", "acme-partners.com")));
        initech = org(json("organization_name", "Initech 100%_off", "organization_slug", "initech"));
        for (int i = 0; i < 4; i++) {
            org(json("organization_name", "Filler " + i, "organization_slug", "filler-" + i));
        }
        api.post(ORGS + "/" + globex + "/members", json("email_address", "Hank.Scorpio@globex.com"));
        String gone = api.post(ORGS + "/" + acme + "/members", json("email_address", "deleted@acme.com"))
                .body()
                .path("member_id")
                .asText();
        api.delete(ORGS + "/" + acme + "/members/" + gone);
    }

    static String org(Map<String, Object> body) {
        // Distinct creation times, so "oldest first" is observable.
        server.clock().advance(Duration.ofSeconds(1));
        ApiResponse r = api.post(ORGS, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String id = r.body().path("organization").path("organization_id").asText();
        created.add(id);
        return id;
    }

    static Map<String, Object> query(String operator, Object... nameValuePairs) {
        List<Object> operands = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            operands.add(json("filter_name", nameValuePairs[i], "filter_value", nameValuePairs[i + 1]));
        }
        return json("operator", operator, "operands", operands);
    }

    static List<String> ids(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.body()
                .path("organizations")
                .forEach(o -> out.add(o.path("organization_id").asText()));
        return out;
    }

    static List<String> search(Object... nameValuePairs) {
        return ids(api.post(SEARCH, json("query", query("AND", nameValuePairs))));
    }

    @Test
    void withoutAQueryEveryOrganizationIsReturnedOldestFirstWithTheTotal() {
        ApiResponse r = api.post(SEARCH, json());
        assertThat(ids(r)).isEqualTo(created);
        assertThat(r.body().path("results_metadata").path("total").asInt()).isEqualTo(created.size());
        assertThat(r.body().path("results_metadata").path("next_cursor").isMissingNode()
                        || r.body().path("results_metadata").path("next_cursor").isNull())
                .isTrue();
        assertThat(ids(api.post(SEARCH, json("query", json("operator", "AND", "operands", List.of())))))
                .isEqualTo(created);
    }

    @Test
    void everyFilterMatchesWhatItNames() {
        assertThat(search("organization_ids", List.of(acme, initech))).containsExactly(acme, initech);
        assertThat(search("organization_slugs", List.of("GLOBEX"))).containsExactly(globex);
        assertThat(search("organization_name_fuzzy", "rocket")).containsExactly(acme);
        assertThat(search("organization_slug_fuzzy", "lobe")).containsExactly(globex);
        assertThat(search("member_emails", List.of("hank.scorpio@GLOBEX.com"))).containsExactly(globex);
        assertThat(search("member_email_fuzzy", "scorpio")).containsExactly(globex);
        assertThat(search("member_emails", List.of("deleted@acme.com"))).isEmpty();
        assertThat(search("allowed_domains", List.of("@ACME.com"))).containsExactly(acme);
        assertThat(search("allowed_domain_fuzzy", "acme")).containsExactly(acme, globex);
        assertThat(search("claimed_email_domains", List.of("acme.io"))).containsExactly(acme);
        assertThat(search("has_active_sso_connection", true)).isEmpty();
        assertThat(search("has_active_sso_connection", false)).hasSize(created.size());
        assertThat(search("sso_connection_id", "saml-connection-test-1")).isEmpty();
    }

    @Test
    void andNarrowsAndOrWidens() {
        assertThat(search("allowed_domain_fuzzy", "acme", "organization_slugs", List.of("globex")))
                .containsExactly(globex);
        List<String> either = ids(api.post(
                SEARCH,
                json(
                        "query",
                        query("OR", "organization_slugs", List.of("acme"), "organization_name_fuzzy", "initech"))));
        assertThat(either).containsExactly(acme, initech);
    }

    @Test
    void likeWildcardsInFuzzyValuesMatchOnlyThemselves() {
        assertThat(search("organization_name_fuzzy", "100%_")).containsExactly(initech);
        assertThat(search("organization_name_fuzzy", "%%%")).isEmpty();
        assertThat(search("organization_name_fuzzy", "___")).isEmpty();
        assertThat(search("organization_name_fuzzy", "' OR 1=1 --")).isEmpty();
    }

    @Test
    void pagesWalkEveryMatchExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ApiResponse r = api.post(SEARCH, json("limit", 3, "cursor", cursor));
            seen.addAll(ids(r));
            assertThat(r.body().path("results_metadata").path("total").asInt()).isEqualTo(created.size());
            JsonNode next = r.body().path("results_metadata").path("next_cursor");
            cursor = next.isTextual() ? next.asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(created);
        assertThat(pages).isEqualTo((created.size() + 2) / 3);
        // Filters apply across pages too.
        ApiResponse first = api.post(SEARCH, json("limit", 1, "query", query("AND", "allowed_domain_fuzzy", "acme")));
        assertThat(ids(first)).containsExactly(acme);
        String next = first.body().path("results_metadata").path("next_cursor").asText();
        ApiResponse second = api.post(
                SEARCH, json("limit", 1, "cursor", next, "query", query("AND", "allowed_domain_fuzzy", "acme")));
        assertThat(ids(second)).containsExactly(globex);
        assertThat(second.body().path("results_metadata").path("total").asInt()).isEqualTo(2);
    }

    @Test
    void limitDefaultsTo100AndIsBounded() {
        assertThat(ids(api.post(SEARCH, json("limit", 0)))).hasSize(created.size());
        assertThat(ids(api.post(SEARCH, json("limit", 1000)))).hasSize(created.size());
        assertError(api.post(SEARCH, json("limit", 1001)), 400, "invalid_limit");
        assertError(api.post(SEARCH, json("limit", -1)), 400, "invalid_limit");
        assertError(api.post(SEARCH, json("limit", "10")), 400, "invalid_field_type");
        assertError(api.post(SEARCH, json("limit", 1.5)), 400, "invalid_field_type");
    }

    @Test
    void badQueriesAreRefusedWithTheSearchErrors() {
        assertError(api.post(SEARCH, json("cursor", "not-a-cursor")), 400, "invalid_cursor");
        assertError(api.post(SEARCH, json("cursor", "bWVtYmVyfDF8bWVtYmVyLXRlc3QteA")), 400, "invalid_cursor");
        assertError(api.post(SEARCH, json("query", query("XOR"))), 400, "invalid_search_operator");
        assertError(api.post(SEARCH, json("query", json("operands", List.of()))), 400, "invalid_search_operator");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_colour", List.of("red")))),
                400,
                "organization_search_filter_name_not_recognized");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_name_fuzzy", "ab"))),
                400,
                "organization_search_fuzzy_filter_too_short");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_ids", "acme"))),
                400,
                "organization_search_invalid_filter_value");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_ids", List.of(42)))),
                400,
                "organization_search_invalid_filter_value");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_ids", List.of()))),
                400,
                "organization_search_missing_filter_value");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_ids", null))),
                400,
                "organization_search_missing_filter_value");
        assertError(
                api.post(SEARCH, json("query", query("AND", "has_active_sso_connection", "yes"))),
                400,
                "organization_search_invalid_filter_value");
        assertError(
                api.post(SEARCH, json("query", query("AND", "organization_name_fuzzy", "abc\u0000def"))),
                400,
                "organization_search_invalid_filter_value");
        assertError(api.post(SEARCH, json("query", "AND")), 400, "invalid_field_type");
        assertError(api.post(SEARCH, "{\"query\":"), 400, "invalid_json");
    }
}
