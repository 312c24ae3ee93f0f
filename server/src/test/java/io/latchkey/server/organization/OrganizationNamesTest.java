package io.latchkey.server.organization;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slugs and external ids are one case-insensitive namespace: wherever an organization_id is
 * expected either is accepted, so one tenant's slug must never capture calls addressed by
 * another tenant's external id (or the other way round).
 */
class OrganizationNamesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;

    @BeforeAll
    static void start() {
        api = server.client();
    }

    static ApiResponse create(Object... fields) {
        var body = json("organization_name", unique("Org"));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return api.post("/v1/b2b/organizations", body);
    }

    static String ok(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().path("organization").path("organization_id").asText();
    }

    @Test
    void aSlugCannotTakeAnotherOrganizationsExternalIdInAnyCase() {
        String name = unique("tenant");
        String holder = ok(create("organization_external_id", name));
        assertError(create("organization_slug", name), 400, "organization_slug_already_used");
        assertError(create("organization_slug", name.toUpperCase(Locale.ROOT)), 400, "organization_slug_already_used");

        String other = ok(create());
        assertError(
                api.put("/v1/b2b/organizations/" + other, json("organization_slug", name.toUpperCase(Locale.ROOT))),
                400,
                "organization_slug_already_used");
        // Calls addressed by the external id still reach its holder, in any case.
        assertThat(api.get("/v1/b2b/organizations/" + name.toUpperCase(Locale.ROOT))
                        .body()
                        .path("organization")
                        .path("organization_id")
                        .asText())
                .isEqualTo(holder);
    }

    @Test
    void anExternalIdCannotTakeAnotherOrganizationsSlugOrExternalIdInAnyCase() {
        String slug = unique("acme");
        String holder = ok(create("organization_slug", slug));
        assertError(
                create("organization_external_id", slug.toUpperCase(Locale.ROOT)),
                400,
                "organization_external_id_already_used");
        String external = unique("ext");
        ok(create("organization_external_id", external));
        assertError(
                create("organization_external_id", external.toUpperCase(Locale.ROOT)),
                400,
                "organization_external_id_already_used");

        String other = ok(create());
        assertError(
                api.put("/v1/b2b/organizations/" + other, json("organization_external_id", slug)),
                400,
                "organization_external_id_already_used");
        assertThat(api.get("/v1/b2b/organizations/" + slug)
                        .body()
                        .path("organization")
                        .path("organization_id")
                        .asText())
                .isEqualTo(holder);
    }

    @Test
    void anOrganizationMayUseOneNameAsBothItsSlugAndItsExternalIdAndGiveThemUp() {
        String name = unique("same");
        String id = ok(create("organization_slug", name, "organization_external_id", name.toUpperCase(Locale.ROOT)));
        ApiResponse moved = api.put(
                "/v1/b2b/organizations/" + id,
                json("organization_slug", name + "-new", "organization_external_id", name + "-ext"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        // The names it gave up are free again; the ones it took are not.
        ok(create("organization_slug", name));
        assertError(create("organization_slug", name + "-EXT"), 400, "organization_slug_already_used");
        assertThat(api.delete("/v1/b2b/organizations/" + id).status()).isEqualTo(200);
        ok(create("organization_external_id", name + "-new"));
    }
}
