package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static io.latchkey.conformance.Requests.memberCreate;
import static io.latchkey.conformance.Requests.organizationCreate;
import static io.latchkey.conformance.Requests.organizationUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.StytchB2BClient;
import com.stytch.java.b2b.models.organizations.DeleteRequest;
import com.stytch.java.b2b.models.organizations.DeleteRequestOptions;
import com.stytch.java.b2b.models.organizations.GetRequest;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizations.SearchRequest;
import com.stytch.java.b2b.models.organizations.UpdateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.CreateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequestOptions;
import com.stytch.java.common.ErrorResponse;
import io.latchkey.server.project.NewProject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK pointed at Latchkey the documented way, and the API errors it must surface as its
 * own error type ({@code StytchResult.Error} with a {@code StytchException.Response}).
 */
class JavaSdkConformanceTest extends JavaSdkTestBase {
    private static final String UNKNOWN_ORGANIZATION = "organization-test-00000000-0000-4000-8000-000000000000";

    @Test
    void aWrongSecretIsUnauthorizedCredentials() {
        try (StytchB2BClient wrong = JavaSdk.client(server.baseUrl(), server.projectId(), server.secret() + "-wrong")) {
            assertApiError(
                    wrong.getOrganizations().searchCompletable(new SearchRequest()), 401, "unauthorized_credentials");
        }
    }

    @Test
    void anUnknownProjectIdIsUnauthorizedCredentials() {
        try (StytchB2BClient wrong = JavaSdk.client(
                server.baseUrl(), "project-test-00000000-0000-4000-8000-000000000000", server.secret())) {
            assertApiError(
                    wrong.getOrganizations().getCompletable(new GetRequest(UNKNOWN_ORGANIZATION)),
                    401,
                    "unauthorized_credentials");
        }
    }

    @Test
    void anUnknownOrganizationIsOrganizationNotFound() {
        var organizations = stytch.getOrganizations();

        assertApiError(
                organizations.getCompletable(new GetRequest(UNKNOWN_ORGANIZATION)), 404, "organization_not_found");
        assertApiError(
                organizations.getCompletable(new GetRequest(Unique.slug("no-such-org"))),
                404,
                "organization_not_found");
        assertApiError(
                organizations.updateCompletable(
                        organizationUpdate(UNKNOWN_ORGANIZATION).name("x").build(), new UpdateRequestOptions()),
                404,
                "organization_not_found");
        assertApiError(
                organizations.deleteCompletable(new DeleteRequest(UNKNOWN_ORGANIZATION), new DeleteRequestOptions()),
                404,
                "organization_not_found");
        assertApiError(
                organizations
                        .getMembers()
                        .createCompletable(
                                memberCreate(UNKNOWN_ORGANIZATION, Unique.email())
                                        .build(),
                                new CreateRequestOptions()),
                404,
                "organization_not_found");
    }

    @Test
    void anOrganizationOfAnotherProjectIsOrganizationNotFound() {
        NewProject other = server.newProject("Other project");
        try (StytchB2BClient theirs =
                JavaSdk.client(server.baseUrl(), other.project().projectId(), other.secret())) {
            Organization org = ok(theirs.getOrganizations()
                            .createCompletable(organizationCreate(Unique.name("Theirs"))
                                    .slug(Unique.slug("theirs"))
                                    .build()))
                    .getOrganization();

            assertApiError(
                    stytch.getOrganizations().getCompletable(new GetRequest(org.getOrganizationId())),
                    404,
                    "organization_not_found");
            assertApiError(
                    stytch.getOrganizations().getCompletable(new GetRequest(org.getOrganizationSlug())),
                    404,
                    "organization_not_found");
            assertThat(ok(theirs.getOrganizations().getCompletable(new GetRequest(org.getOrganizationId())))
                            .getOrganization())
                    .isEqualTo(org);
        }
    }

    @Test
    void aTakenSlugIsOrganizationSlugAlreadyUsedOnCreateAndUpdate() {
        Organization taken = createOrganization();
        Organization other = createOrganization();

        assertApiError(
                stytch.getOrganizations()
                        .createCompletable(organizationCreate(Unique.name("Copycat"))
                                .slug(taken.getOrganizationSlug())
                                .build()),
                400,
                "organization_slug_already_used");
        assertApiError(
                stytch.getOrganizations()
                        .updateCompletable(
                                organizationUpdate(other.getOrganizationId())
                                        .slug(taken.getOrganizationSlug())
                                        .build(),
                                new UpdateRequestOptions()),
                400,
                "organization_slug_already_used");
    }

    @Test
    void anApiErrorCarriesTheServersRequestIdMessageAndDocumentationUrl() {
        ErrorResponse error = assertApiError(
                stytch.getOrganizations().getCompletable(new GetRequest(UNKNOWN_ORGANIZATION)),
                404,
                "organization_not_found");

        assertThat(error.getRequestId()).startsWith("request-id-test-");
        assertThat(error.getErrorUrl()).startsWith("https://stytch.com/docs/api/errors/404");
    }

    @Test
    void requestValidationErrorsSurfaceWithTheContractsErrorType() {
        String orgId = createOrganization().getOrganizationId();
        var members = stytch.getOrganizations().getMembers();
        Map<String, Object> tooManyKeys = new HashMap<>();
        for (int i = 0; i < 21; i++) {
            tooManyKeys.put("key" + i, i);
        }

        assertApiError(
                members.createCompletable(memberCreate(orgId, "not-an-email").build(), new CreateRequestOptions()),
                400,
                "invalid_email");
        assertApiError(
                members.createCompletable(
                        memberCreate(orgId, Unique.email())
                                .trustedMetadata(tooManyKeys)
                                .build(),
                        new CreateRequestOptions()),
                400,
                "metadata_too_many_keys");
        assertApiError(
                members.createCompletable(
                        memberCreate(orgId, Unique.email())
                                .roles(List.of("stytch_member"))
                                .build(),
                        new CreateRequestOptions()),
                400,
                "cannot_assign_default_rbac_role_id");
        assertApiError(
                stytch.getOrganizations()
                        .updateCompletable(
                                organizationUpdate(orgId)
                                        .emailAllowedDomains(List.of("gmail.com"))
                                        .build(),
                                new UpdateRequestOptions()),
                400,
                "organization_settings_domain_too_common");
        assertApiError(
                members.searchCompletable(
                        new com.stytch.java.b2b.models.organizationsmembers.SearchRequest(List.of()),
                        new SearchRequestOptions()),
                400,
                "member_search_organization_ids_empty");
        assertApiError(
                stytch.getOrganizations()
                        .searchCompletable(new SearchRequest(
                                null,
                                null,
                                new SearchQuery(
                                        SearchQueryOperator.AND,
                                        List.of(Map.of("filter_name", "no_such_filter", "filter_value", "x"))))),
                400,
                "organization_search_filter_name_not_recognized");
    }
}
