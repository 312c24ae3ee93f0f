package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static io.latchkey.conformance.Requests.memberCreate;
import static io.latchkey.conformance.Requests.organizationCreate;
import static io.latchkey.conformance.Requests.organizationUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.api.organizations.Organizations;
import com.stytch.java.b2b.models.organizations.CreateRequest;
import com.stytch.java.b2b.models.organizations.CreateRequestFirstPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.CreateRequestThirdPartyConnectedAppsAllowedType;
import com.stytch.java.b2b.models.organizations.CreateResponse;
import com.stytch.java.b2b.models.organizations.DeleteRequest;
import com.stytch.java.b2b.models.organizations.DeleteRequestOptions;
import com.stytch.java.b2b.models.organizations.DeleteResponse;
import com.stytch.java.b2b.models.organizations.EmailImplicitRoleAssignment;
import com.stytch.java.b2b.models.organizations.GetRequest;
import com.stytch.java.b2b.models.organizations.GetResponse;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizations.SearchRequest;
import com.stytch.java.b2b.models.organizations.SearchResponse;
import com.stytch.java.b2b.models.organizations.UpdateRequest;
import com.stytch.java.b2b.models.organizations.UpdateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.DangerouslyGetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every organizations call of the official Java SDK against the real server. */
class JavaSdkOrganizationsConformanceTest extends JavaSdkTestBase {

    private Organizations organizations() {
        return stytch.getOrganizations();
    }

    private Organization get(String idOrSlugOrExternalId) {
        GetResponse response = ok(organizations().getCompletable(new GetRequest(idOrSlugOrExternalId)));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        return response.getOrganization();
    }

    private Organization update(Requests.OrganizationUpdate request) {
        return ok(organizations().updateCompletable(request.build(), new UpdateRequestOptions()))
                .getOrganization();
    }

    private SearchResponse search(SearchRequest request) {
        SearchResponse response = ok(organizations().searchCompletable(request));
        assertThat(response.getStatusCode()).isEqualTo(200);
        return response;
    }

    private static SearchQuery filter(String name, Object value) {
        return new SearchQuery(SearchQueryOperator.AND, List.of(Map.of("filter_name", name, "filter_value", value)));
    }

    private static List<String> ids(List<Organization> organizations) {
        return organizations.stream()
                .map(Organization::getOrganizationId)
                .sorted()
                .toList();
    }

    @Test
    void createWithSettingsReturnsTheOrganizationWithThoseSettings() {
        String name = Unique.name("Acme Société ✓");
        String slug = Unique.slug("acme");
        String externalId = Unique.externalId("acme");
        String domain = Unique.domain();

        CreateResponse response = ok(organizations()
                .createCompletable(organizationCreate(name)
                        .slug(slug)
                        .logoUrl("https://cdn.example.com/acme.png")
                        .externalId(externalId)
                        .trustedMetadata(Map.of("plan", "enterprise", "seats", 25, "features", Map.of("sso", true)))
                        .emailAllowedDomains(List.of(domain))
                        .emailJitProvisioning("RESTRICTED")
                        .emailInvites("RESTRICTED")
                        .authMethods("RESTRICTED", List.of("magic_link", "password"))
                        .mfaPolicy("REQUIRED_FOR_ALL")
                        .mfaMethods("RESTRICTED", List.of("totp"))
                        .build()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        Organization org = response.getOrganization();
        assertThat(org.getOrganizationId()).startsWith("organization-test-");
        assertThat(org.getOrganizationName()).isEqualTo(name);
        assertThat(org.getOrganizationSlug()).isEqualTo(slug);
        assertThat(org.getOrganizationLogoURL()).isEqualTo("https://cdn.example.com/acme.png");
        assertThat(org.getOrganizationExternalId()).isEqualTo(externalId);
        // The SDK parses JSON numbers as doubles.
        assertThat(org.getTrustedMetadata())
                .isEqualTo(Map.of("plan", "enterprise", "seats", 25.0, "features", Map.of("sso", true)));
        assertThat(org.getEmailAllowedDomains()).containsExactly(domain);
        assertThat(org.getEmailJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(org.getEmailInvites()).isEqualTo("RESTRICTED");
        assertThat(org.getAuthMethods()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedAuthMethods()).containsExactlyInAnyOrder("magic_link", "password");
        assertThat(org.getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(org.getMfaMethods()).isEqualTo("RESTRICTED");
        assertThat(org.getAllowedMfaMethods()).containsExactly("totp");
        assertThat(org.getCreatedAt()).isNotNull();
        assertThat(org.getUpdatedAt()).isNotNull();
    }

    @Test
    void createWithTheSdkDefaultsAppliesTheDefaultSettings() {
        // The SDK's short constructor, as applications call it: it sends [] and {} for every list
        // and map argument, which must not count as "settings given".
        Organization org = ok(organizations()
                        .createCompletable(new CreateRequest(Unique.name("Defaults"), Unique.slug("defaults"))))
                .getOrganization();

        assertThat(org.getOrganizationLogoURL()).isEmpty();
        assertThat(org.getSsoJITProvisioning()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getSsoJITProvisioningAllowedConnections()).isEmpty();
        assertThat(org.getSsoActiveConnections()).isEmpty();
        assertThat(org.getEmailAllowedDomains()).isEmpty();
        assertThat(org.getEmailJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getEmailInvites()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getAuthMethods()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getAllowedAuthMethods()).isEmpty();
        assertThat(org.getMfaPolicy()).isEqualTo("OPTIONAL");
        assertThat(org.getMfaMethods()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getAllowedMfaMethods()).isEmpty();
        assertThat(org.getRbacEmailImplicitRoleAssignments()).isEmpty();
        assertThat(org.getOauthTenantJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(org.getClaimedEmailDomains()).isEmpty();
        assertThat(org.getFirstPartyConnectedAppsAllowedType()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getThirdPartyConnectedAppsAllowedType()).isEqualTo("ALL_ALLOWED");
        assertThat(org.getCustomRoles()).isEmpty();
    }

    @Test
    void getFindsTheOrganizationByIdBySlugAndByExternalId() {
        Organization created = createOrganization(organizationCreate(Unique.name("Findable"))
                .slug(Unique.slug("findable"))
                .externalId(Unique.externalId("findable")));

        assertThat(get(created.getOrganizationId())).isEqualTo(created);
        assertThat(get(created.getOrganizationSlug())).isEqualTo(created);
        assertThat(get(created.getOrganizationExternalId())).isEqualTo(created);
    }

    @Test
    void updateChangesTheNameAndTheEmailAndMfaSettings() {
        Organization created = createOrganization();
        List<String> domains = List.of(Unique.domain(), Unique.domain());
        String newName = Unique.name("Renamed");

        Organization updated = update(organizationUpdate(created.getOrganizationId())
                .name(newName)
                .mfaPolicy("REQUIRED_FOR_ALL")
                .emailAllowedDomains(domains)
                .emailInvites("RESTRICTED")
                .emailJitProvisioning("RESTRICTED"));

        assertThat(updated.getOrganizationId()).isEqualTo(created.getOrganizationId());
        assertThat(updated.getOrganizationName()).isEqualTo(newName);
        assertThat(updated.getOrganizationSlug()).isEqualTo(created.getOrganizationSlug());
        assertThat(updated.getMfaPolicy()).isEqualTo("REQUIRED_FOR_ALL");
        assertThat(updated.getEmailAllowedDomains()).containsExactlyInAnyOrderElementsOf(domains);
        assertThat(updated.getEmailInvites()).isEqualTo("RESTRICTED");
        assertThat(updated.getEmailJITProvisioning()).isEqualTo("RESTRICTED");
        assertThat(get(created.getOrganizationId())).isEqualTo(updated);
    }

    @Test
    void updateMergesTrustedMetadataAtTheTopLevel() {
        Organization created = createOrganization(organizationCreate(Unique.name("Meta"))
                .slug(Unique.slug("meta"))
                .trustedMetadata(Map.of("plan", "free", "region", "eu", "limits", Map.of("seats", 5, "projects", 1))));

        // The Java SDK drops null map values when it serializes, so it cannot delete a key; the
        // Node suite covers deletion.
        Organization updated = update(organizationUpdate(created.getOrganizationId())
                .trustedMetadata(Map.of("plan", "pro", "limits", Map.of("seats", 50), "billing_id", "cus_123")));

        Map<String, Object> expected =
                Map.of("plan", "pro", "region", "eu", "limits", Map.of("seats", 50.0), "billing_id", "cus_123");
        assertThat(updated.getTrustedMetadata()).isEqualTo(expected);
        assertThat(get(created.getOrganizationId()).getTrustedMetadata()).isEqualTo(expected);
    }

    @Test
    void updateWithNullForEverythingButTheNameLeavesTheRestUnchanged() {
        // The builder passes null, which the SDK leaves out: the request holds the name alone.
        Organization created = createOrganization(organizationCreate(Unique.name("Stable"))
                .slug(Unique.slug("stable"))
                .trustedMetadata(Map.of("keep", "me"))
                .emailAllowedDomains(List.of(Unique.domain()))
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("RESTRICTED")
                .mfaPolicy("REQUIRED_FOR_ALL"));
        String newName = Unique.name("Only the name");

        Organization updated =
                update(organizationUpdate(created.getOrganizationId()).name(newName));

        assertThat(updated.getOrganizationName()).isEqualTo(newName);
        assertThat(updated)
                .usingRecursiveComparison()
                .ignoringFields("organizationName", "updatedAt")
                .isEqualTo(created);
    }

    @Test
    void updateWithTheSdkShortConstructorRenamesARestrictedOrganizationAndKeepsEverythingElse() {
        // new UpdateRequest(id, name) sends [] and {} for every list and map argument; on an
        // organization whose settings depend on those lists, that must still be a plain rename.
        String domain = Unique.domain();
        Organization created = createOrganization(organizationCreate(Unique.name("Restricted"))
                .slug(Unique.slug("restricted"))
                .trustedMetadata(Map.of("keep", "me"))
                .emailAllowedDomains(List.of(domain))
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("RESTRICTED")
                .authMethods("RESTRICTED", List.of("magic_link", "sso"))
                .mfaMethods("RESTRICTED", List.of("totp"))
                .rbacEmailImplicitRoleAssignments(List.of(new EmailImplicitRoleAssignment(domain, "stytch_admin")))
                .oauthTenants("RESTRICTED", Map.of("slack", List.of("T123")))
                .claimedEmailDomains(List.of(domain))
                .firstPartyConnectedApps(
                        CreateRequestFirstPartyConnectedAppsAllowedType.RESTRICTED, List.of("connected-app-1"))
                .thirdPartyConnectedApps(
                        CreateRequestThirdPartyConnectedAppsAllowedType.RESTRICTED, List.of("connected-app-2")));
        String newName = Unique.name("Renamed");

        Organization updated = ok(organizations()
                        .updateCompletable(
                                new UpdateRequest(created.getOrganizationId(), newName), new UpdateRequestOptions()))
                .getOrganization();

        assertThat(updated.getOrganizationName()).isEqualTo(newName);
        assertThat(updated.getEmailAllowedDomains()).containsExactly(domain);
        assertThat(updated)
                .usingRecursiveComparison()
                .ignoringFields("organizationName", "updatedAt")
                .isEqualTo(created);
        assertThat(get(created.getOrganizationId())).isEqualTo(updated);
    }

    @Test
    void updateWithAnEmptyEmailAllowedDomainsListKeepsTheDomains() {
        List<String> domains = List.of(Unique.domain());
        Organization created = createOrganization(organizationCreate(Unique.name("Domains"))
                .slug(Unique.slug("domains"))
                .emailAllowedDomains(domains));

        Organization updated =
                update(organizationUpdate(created.getOrganizationId()).emailAllowedDomains(List.of()));

        assertThat(updated.getEmailAllowedDomains()).isEqualTo(domains);
    }

    @Test
    void updateAwayFromRestrictedMakesTheDomainsMoot() {
        // With [] meaning "unchanged", an organization stops restricting by domain by changing the
        // settings that use the list; the list itself stays as it was.
        List<String> domains = List.of(Unique.domain());
        Organization created = createOrganization(organizationCreate(Unique.name("Unrestricted"))
                .slug(Unique.slug("unrestricted"))
                .emailAllowedDomains(domains)
                .emailJitProvisioning("RESTRICTED")
                .emailInvites("RESTRICTED"));

        Organization updated = update(organizationUpdate(created.getOrganizationId())
                .emailAllowedDomains(List.of())
                .emailJitProvisioning("NOT_ALLOWED")
                .emailInvites("ALL_ALLOWED"));

        assertThat(updated.getEmailJITProvisioning()).isEqualTo("NOT_ALLOWED");
        assertThat(updated.getEmailInvites()).isEqualTo("ALL_ALLOWED");
        assertThat(updated.getEmailAllowedDomains()).isEqualTo(domains);
    }

    @Test
    void updateAndDeleteAddressTheOrganizationBySlugOrExternalId() {
        Organization created = createOrganization(organizationCreate(Unique.name("Addressed"))
                .slug(Unique.slug("addressed"))
                .externalId(Unique.externalId("addressed")));

        Organization bySlug =
                update(organizationUpdate(created.getOrganizationSlug()).name("Renamed by slug"));
        Organization byExternalId = update(organizationUpdate(created.getOrganizationExternalId())
                .logoUrl("https://cdn.example.com/by-external-id.png"));

        assertThat(bySlug.getOrganizationId()).isEqualTo(created.getOrganizationId());
        assertThat(bySlug.getOrganizationName()).isEqualTo("Renamed by slug");
        assertThat(byExternalId.getOrganizationLogoURL()).isEqualTo("https://cdn.example.com/by-external-id.png");
        DeleteResponse deleted = ok(organizations()
                .deleteCompletable(new DeleteRequest(created.getOrganizationSlug()), new DeleteRequestOptions()));
        assertThat(deleted.getOrganizationId()).isEqualTo(created.getOrganizationId());
    }

    @Test
    void searchWithAnOrganizationIdsFilterReturnsExactlyThoseOrganizations() {
        Organization a = createOrganization();
        Organization b = createOrganization();
        createOrganization();

        SearchResponse response = search(new SearchRequest(
                null, null, filter("organization_ids", List.of(a.getOrganizationId(), b.getOrganizationId()))));

        assertThat(ids(response.getOrganizations())).containsExactlyElementsOf(ids(List.of(a, b)));
        assertThat(response.getResultsMetadata().getTotal()).isEqualTo(2);
        assertThat(response.getResultsMetadata().getNextCursor())
                .as("next_cursor of a single page")
                .isNullOrEmpty();
    }

    @Test
    void searchWithOrganizationNameFuzzyFindsTheOrganizationsWhoseNameContainsTheText() {
        String token = Unique.suffix();
        Organization first =
                createOrganization(organizationCreate("Alpha " + token + " Ltd").slug(Unique.slug("alpha")));
        Organization second =
                createOrganization(organizationCreate("Beta" + token).slug(Unique.slug("beta")));
        createOrganization(organizationCreate("Gamma").slug(Unique.slug("gamma")));

        SearchResponse response = search(new SearchRequest(null, null, filter("organization_name_fuzzy", token)));

        assertThat(ids(response.getOrganizations())).containsExactlyElementsOf(ids(List.of(first, second)));
    }

    @Test
    void searchPagesThroughTheResultsWithLimitAndCursor() {
        List<Organization> created = List.of(createOrganization(), createOrganization(), createOrganization());
        SearchQuery query = filter(
                "organization_ids",
                created.stream().map(Organization::getOrganizationId).toList());

        SearchResponse first = search(new SearchRequest(null, 2L, query));
        assertThat(first.getOrganizations()).hasSize(2);
        assertThat(first.getResultsMetadata().getTotal()).isEqualTo(3);
        assertThat(first.getResultsMetadata().getNextCursor())
                .as("next_cursor of the first page")
                .isNotBlank();

        SearchResponse second =
                search(new SearchRequest(first.getResultsMetadata().getNextCursor(), 2L, query));
        assertThat(second.getOrganizations()).hasSize(1);
        assertThat(second.getResultsMetadata().getNextCursor())
                .as("next_cursor of the last page")
                .isNullOrEmpty();

        List<Organization> seen = new ArrayList<>(first.getOrganizations());
        seen.addAll(second.getOrganizations());
        assertThat(ids(seen)).containsExactlyElementsOf(ids(created));
    }

    @Test
    void deleteRemovesTheOrganizationAndItsMembers() {
        Organization org = createOrganization();
        Member member = createMember(memberCreate(org.getOrganizationId(), Unique.email()));

        DeleteResponse response = ok(organizations()
                .deleteCompletable(new DeleteRequest(org.getOrganizationId()), new DeleteRequestOptions()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        assertThat(response.getOrganizationId()).isEqualTo(org.getOrganizationId());
        assertApiError(
                organizations().getCompletable(new GetRequest(org.getOrganizationId())), 404, "organization_not_found");
        assertApiError(
                organizations()
                        .getMembers()
                        .dangerouslyGetCompletable(new DangerouslyGetRequest(member.getMemberId(), null)),
                404,
                "member_not_found");
    }
}
