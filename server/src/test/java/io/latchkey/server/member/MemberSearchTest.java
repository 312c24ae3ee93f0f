package io.latchkey.server.member;

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

class MemberSearchTest {
    static final String ORGS = "/v1/b2b/organizations";
    static final String SEARCH = ORGS + "/members/search";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static String red;
    static String blue;
    static String empty;
    static String alice;
    static String bob;
    static String carol;
    static String dave;
    static String erin;

    @BeforeAll
    static void start() {
        api = server.client();
        red = org("red");
        blue = org("blue");
        empty = org("empty");
        alice = member(red, json("email_address", "alice@red.example", "mfa_phone_number", "+14155550101"));
        bob = member(red, json("email_address", "bob@red.example", "is_breakglass", true));
        carol = member(red, json("email_address", "carol@red.example", "create_member_as_pending", true));
        dave = member(blue, json("email_address", "dave@blue.example", "mfa_phone_number", "+14155550199"));
        erin = member(blue, json("email_address", "erin@blue.example"));
        api.delete(ORGS + "/" + blue + "/members/" + erin);
    }

    static String org(String slug) {
        return api.post(ORGS, json("organization_name", slug, "organization_slug", slug))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
    }

    static String member(String org, Map<String, Object> body) {
        server.clock().advance(Duration.ofSeconds(1));
        ApiResponse r = api.post(ORGS + "/" + org + "/members", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("member_id");
    }

    static List<String> ids(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.body().path("members").forEach(m -> out.add(m.path("member_id").asText()));
        return out;
    }

    static List<String> search(List<String> orgs, Object... nameValuePairs) {
        List<Object> operands = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            operands.add(json("filter_name", nameValuePairs[i], "filter_value", nameValuePairs[i + 1]));
        }
        return ids(api.post(
                SEARCH, json("organization_ids", orgs, "query", json("operator", "AND", "operands", operands))));
    }

    @Test
    void withoutAQueryEveryNonDeletedMemberOfTheNamedOrganizationsIsReturned() {
        ApiResponse r = api.post(SEARCH, json("organization_ids", List.of(red, "blue", empty)));
        assertThat(ids(r)).containsExactly(alice, bob, carol, dave);
        assertThat(r.body().path("results_metadata").path("total").asInt()).isEqualTo(4);
        JsonNode orgs = r.body().path("organizations");
        assertThat(orgs.isObject()).isTrue();
        assertThat(orgs.path(red).path("organization_slug").asText()).isEqualTo("red");
        assertThat(orgs.path(blue).path("organization_id").asText()).isEqualTo(blue);
        assertThat(orgs.has(empty)).isFalse();
        assertThat(ids(api.post(SEARCH, json("organization_ids", List.of(empty)))))
                .isEmpty();
    }

    @Test
    void everyFilterMatchesWhatItNames() {
        List<String> both = List.of(red, blue);
        assertThat(search(both, "member_ids", List.of(bob, dave))).containsExactly(bob, dave);
        assertThat(search(both, "member_emails", List.of("ALICE@red.example"))).containsExactly(alice);
        assertThat(search(both, "member_email_fuzzy", "blue.ex")).containsExactly(dave);
        assertThat(search(both, "member_is_breakglass", true)).containsExactly(bob);
        assertThat(search(both, "member_is_breakglass", false)).containsExactly(alice, carol, dave);
        assertThat(search(both, "statuses", List.of("pending"))).containsExactly(carol);
        assertThat(search(both, "statuses", List.of("deleted", "active"))).containsExactly(alice, bob, dave, erin);
        assertThat(search(both, "member_phone_numbers", List.of("+1 415-555-0199")))
                .containsExactly(dave);
        assertThat(search(both, "member_phone_number_fuzzy", "555010")).containsExactly(alice);
        assertThat(search(List.of(red), "member_ids", List.of(dave))).isEmpty();
    }

    @Test
    void pagesWalkEveryMatchExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse r =
                    api.post(SEARCH, json("organization_ids", List.of(red, blue), "limit", 1, "cursor", cursor));
            seen.addAll(ids(r));
            JsonNode next = r.body().path("results_metadata").path("next_cursor");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        assertThat(seen).containsExactly(alice, bob, carol, dave);
    }

    @Test
    void badSearchesAreRefused() {
        assertError(api.post(SEARCH, json()), 400, "member_search_organization_ids_empty");
        assertError(api.post(SEARCH, json("organization_ids", List.of())), 400, "member_search_organization_ids_empty");
        assertError(api.post(SEARCH, json("organization_ids", List.of("no-such-org"))), 404, "organization_not_found");
        assertError(api.post(SEARCH, json("organization_ids", "red")), 400, "invalid_field_type");
        assertError(api.post(SEARCH, json("organization_ids", List.of(red), "limit", 5000)), 400, "invalid_limit");
        assertError(api.post(SEARCH, json("organization_ids", List.of(red), "cursor", "%%%")), 400, "invalid_cursor");
        String orgCursor = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("organization|1|" + red).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertError(
                api.post(SEARCH, json("organization_ids", List.of(red), "cursor", orgCursor)), 400, "invalid_cursor");
        assertError(searchRaw("statuses", List.of("retired")), 400, "search_invalid_status_filter");
        assertError(searchRaw("member_email_fuzzy", "al"), 400, "member_search_fuzzy_filter_too_short");
        assertError(searchRaw("member_roles", List.of("admin")), 400, "member_search_filter_name_not_recognized");
        assertError(searchRaw("member_is_breakglass", "true"), 400, "member_search_invalid_filter_value");
        assertError(searchRaw("member_ids", List.of()), 400, "member_search_missing_filter_value");
    }

    static ApiResponse searchRaw(String name, Object value) {
        return api.post(
                SEARCH,
                json(
                        "organization_ids",
                        List.of(red),
                        "query",
                        json(
                                "operator",
                                "AND",
                                "operands",
                                List.of(json("filter_name", name, "filter_value", value)))));
    }
}
