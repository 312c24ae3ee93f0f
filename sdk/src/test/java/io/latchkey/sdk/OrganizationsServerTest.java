package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.organization.Organization;
import io.latchkey.api.organization.OrganizationResponse;
import io.latchkey.api.organization.SearchOrganizationsResponse;
import io.latchkey.sdk.request.Requests;
import io.latchkey.sdk.request.SearchQueries;
import io.latchkey.server.testing.TestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organizations through the SDK against the real server. */
@Tag("server")
class OrganizationsServerTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static B2BClient client;

    @BeforeAll
    static void start() {
        client = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Organization create(String slug) {
        return client.organizations()
                .create(Requests.createOrganization("Org " + slug)
                        .organizationSlug(slug)
                        .build())
                .organization();
    }

    @Test
    void createThenGetByIdAndBySlug() {
        String slug = unique("acme");
        OrganizationResponse created = client.organizations()
                .create(Requests.createOrganization("Acme Corp")
                        .organizationSlug(slug)
                        .trustedMetadata(Map.of("tier", "gold"))
                        .emailAllowedDomains("acme.test")
                        .emailJitProvisioning("RESTRICTED")
                        .build());

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.requestId()).isNotBlank();
        Organization org = created.organization();
        assertThat(org.organizationId()).startsWith("organization-test-");
        assertThat(org.organizationName()).isEqualTo("Acme Corp");
        assertThat(org.organizationSlug()).isEqualTo(slug);
        assertThat(org.emailAllowedDomains()).containsExactly("acme.test");
        assertThat(org.emailJitProvisioning()).isEqualTo("RESTRICTED");
        assertThat(org.trustedMetadata()).containsEntry("tier", "gold");

        assertThat(client.organizations().get(org.organizationId()).organization())
                .isEqualTo(org);
        assertThat(client.organizations().get(slug).organization().organizationId())
                .isEqualTo(org.organizationId());
    }

    @Test
    void updateChangesOnlyWhatIsSetAndMergesMetadata() {
        Organization org = client.organizations()
                .create(Requests.createOrganization("Before")
                        .organizationSlug(unique("upd"))
                        .trustedMetadata(Map.of("keep", 1, "drop", 2))
                        .build())
                .organization();
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("drop", null);
        metadata.put("add", "x");

        Organization updated = client.organizations()
                .update(
                        org.organizationId(),
                        Requests.updateOrganization()
                                .organizationName("After")
                                .trustedMetadata(metadata)
                                .build())
                .organization();

        assertThat(updated.organizationName()).isEqualTo("After");
        assertThat(updated.organizationSlug()).isEqualTo(org.organizationSlug());
        assertThat(updated.trustedMetadata()).containsOnlyKeys("keep", "add");
    }

    @Test
    void deleteThenGetIsOrganizationNotFound() {
        Organization org = create(unique("del"));

        var deleted = client.organizations().delete(org.organizationId());

        assertThat(deleted.organizationId()).isEqualTo(org.organizationId());
        assertThatThrownBy(() -> client.organizations().get(org.organizationId()))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo("organization_not_found");
                    assertThat(e.errorMessage()).isNotBlank();
                    assertThat(e.errorUrl()).isNotBlank();
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void createWithATakenSlugIsRefusedWithTheContractsErrorType() {
        String slug = unique("dup");
        create(slug);
        assertThatThrownBy(() -> create(slug))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("organization_slug_already_used"));
    }

    @Test
    void searchFindsBySlugAndPagesWithTheCursor() {
        String marker = unique("srch");
        Organization a = create(marker + "-a");
        Organization b = create(marker + "-b");

        SearchOrganizationsResponse bySlug = client.organizations()
                .search(Requests.searchOrganizations()
                        .query(SearchQueries.and(
                                SearchQueries.filter("organization_slugs", List.of(a.organizationSlug()))))
                        .build());
        assertThat(bySlug.organizations())
                .extracting(Organization::organizationId)
                .containsExactly(a.organizationId());

        SearchOrganizationsResponse page1 = client.organizations()
                .search(Requests.searchOrganizations()
                        .limit(1)
                        .query(SearchQueries.and(SearchQueries.filter("organization_slug_fuzzy", marker)))
                        .build());
        assertThat(page1.organizations()).hasSize(1);
        assertThat(page1.resultsMetadata().total()).isEqualTo(2);
        assertThat(page1.resultsMetadata().nextCursor()).isNotNull();
        SearchOrganizationsResponse page2 = client.organizations()
                .search(Requests.searchOrganizations()
                        .limit(1)
                        .cursor(page1.resultsMetadata().nextCursor())
                        .query(SearchQueries.and(SearchQueries.filter("organization_slug_fuzzy", marker)))
                        .build());
        assertThat(List.of(
                        page1.organizations().get(0).organizationId(),
                        page2.organizations().get(0).organizationId()))
                .containsExactlyInAnyOrder(a.organizationId(), b.organizationId());
    }

    @Test
    void asyncVariantsReturnTheSameRecords() {
        String slug = unique("async");
        Organization org = client.organizations()
                .createAsync(Requests.createOrganization("Async")
                        .organizationSlug(slug)
                        .build())
                .join()
                .organization();
        assertThat(client.organizations().getAsync(slug).join().organization()).isEqualTo(org);
        assertThat(client.organizations()
                        .updateAsync(
                                slug,
                                Requests.updateOrganization()
                                        .organizationName("Async 2")
                                        .build())
                        .join()
                        .organization()
                        .organizationName())
                .isEqualTo("Async 2");
        assertThat(client.organizations()
                        .searchAsync(Requests.searchOrganizations()
                                .query(SearchQueries.and(
                                        SearchQueries.filter("organization_ids", List.of(org.organizationId()))))
                                .build())
                        .join()
                        .organizations())
                .hasSize(1);
        assertThat(client.organizations()
                        .deleteAsync(org.organizationId())
                        .join()
                        .organizationId())
                .isEqualTo(org.organizationId());
        assertThatThrownBy(() ->
                        client.organizations().getAsync(org.organizationId()).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LatchkeyApiException.class);
    }

    @Test
    void wrongSecretIsUnauthorizedCredentials() {
        B2BClient wrong = B2BClient.create(server.projectId(), "secret-test-wrong", server.baseUrl());
        assertThatThrownBy(() -> wrong.organizations().get("organization-test-x"))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.errorType()).isEqualTo("unauthorized_credentials");
                });
    }

    @Test
    void anotherProjectsOrganizationIsNotFound() {
        Organization mine = create(unique("iso"));
        var other = server.newProject("Other");
        B2BClient otherClient = B2BClient.create(other.project().projectId(), other.secret(), server.baseUrl());
        assertThatThrownBy(() -> otherClient.organizations().get(mine.organizationId()))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("organization_not_found"));
    }
}
