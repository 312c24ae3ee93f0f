package io.latchkey.conformance;

import static io.latchkey.conformance.JavaSdk.assertApiError;
import static io.latchkey.conformance.JavaSdk.ok;
import static io.latchkey.conformance.Requests.memberCreate;
import static io.latchkey.conformance.Requests.memberUpdate;
import static org.assertj.core.api.Assertions.assertThat;

import com.stytch.java.b2b.api.organizationsmembers.Members;
import com.stytch.java.b2b.models.organizations.Member;
import com.stytch.java.b2b.models.organizations.MemberRole;
import com.stytch.java.b2b.models.organizations.Organization;
import com.stytch.java.b2b.models.organizations.SearchQuery;
import com.stytch.java.b2b.models.organizations.SearchQueryOperator;
import com.stytch.java.b2b.models.organizationsmembers.CreateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.CreateResponse;
import com.stytch.java.b2b.models.organizationsmembers.DangerouslyGetRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteRequest;
import com.stytch.java.b2b.models.organizationsmembers.DeleteRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.DeleteResponse;
import com.stytch.java.b2b.models.organizationsmembers.GetRequest;
import com.stytch.java.b2b.models.organizationsmembers.GetResponse;
import com.stytch.java.b2b.models.organizationsmembers.ReactivateRequest;
import com.stytch.java.b2b.models.organizationsmembers.ReactivateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequest;
import com.stytch.java.b2b.models.organizationsmembers.SearchRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.SearchResponse;
import com.stytch.java.b2b.models.organizationsmembers.UpdateRequestOptions;
import com.stytch.java.b2b.models.organizationsmembers.UpdateResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every members call of the official Java SDK against the real server. */
class JavaSdkMembersConformanceTest extends JavaSdkTestBase {
    private Organization org;

    @BeforeAll
    void createTheSharedOrganization() {
        org = createOrganization();
    }

    private Members members() {
        return stytch.getOrganizations().getMembers();
    }

    private String orgId() {
        return org.getOrganizationId();
    }

    private SearchResponse search(SearchRequest request) {
        SearchResponse response = ok(members().searchCompletable(request, new SearchRequestOptions()));
        assertThat(response.getStatusCode()).isEqualTo(200);
        return response;
    }

    private void delete(String organizationId, String memberId) {
        ok(members().deleteCompletable(new DeleteRequest(organizationId, memberId), new DeleteRequestOptions()));
    }

    private static SearchQuery filter(String name, Object value) {
        return new SearchQuery(SearchQueryOperator.AND, List.of(Map.of("filter_name", name, "filter_value", value)));
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::getMemberId).sorted().toList();
    }

    private static boolean hasRole(Member member, String roleId) {
        return member.getRoles().stream().map(MemberRole::getRoleId).anyMatch(roleId::equals);
    }

    @Test
    void createReturnsTheActiveMemberWithItsMetadataAndRoles() {
        String email = Unique.email("ada");
        String externalId = Unique.externalId("ada");

        CreateResponse response = ok(members()
                .createCompletable(
                        memberCreate(orgId(), email)
                                .name("Ada Lovelace")
                                .trustedMetadata(Map.of("employee_id", "E-1", "level", 3))
                                .untrustedMetadata(Map.of("theme", "dark"))
                                .roles(List.of("stytch_admin"))
                                .externalId(externalId)
                                .build(),
                        new CreateRequestOptions()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        Member member = response.getMember();
        assertThat(member.getMemberId()).startsWith("member-test-");
        assertThat(response.getMemberId()).isEqualTo(member.getMemberId());
        assertThat(member.getOrganizationId()).isEqualTo(orgId());
        assertThat(member.getEmailAddress()).isEqualTo(email);
        assertThat(member.getName()).isEqualTo("Ada Lovelace");
        assertThat(member.getStatus()).isEqualTo("active");
        assertThat(member.getExternalId()).isEqualTo(externalId);
        assertThat(member.getTrustedMetadata()).isEqualTo(Map.of("employee_id", "E-1", "level", 3.0));
        assertThat(member.getUntrustedMetadata()).isEqualTo(Map.of("theme", "dark"));
        MemberRole admin = member.getRoles().stream()
                .filter(r -> r.getRoleId().equals("stytch_admin"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("stytch_admin in " + member.getRoles()));
        assertThat(admin.getSources()).anyMatch(source -> source.getType().equals("direct_assignment"));
        assertThat(member.isAdmin()).isTrue();
        assertThat(member.isBreakglass()).isFalse();
        assertThat(member.getEmailAddressVerified()).isFalse();
        assertThat(member.getMfaPhoneNumber()).isEmpty();
        assertThat(member.getMemberPasswordId()).isEmpty();
        assertThat(member.getTotpRegistrationId()).isEmpty();
        assertThat(member.getRetiredEmailAddresses()).isEmpty();
        assertThat(member.getSsoRegistrations()).isEmpty();
        assertThat(member.getOauthRegistrations()).isEmpty();
        assertThat(member.getCreatedAt()).isNotNull();
        assertThat(response.getOrganization().getOrganizationId()).isEqualTo(orgId());
        assertThat(response.getOrganization().getOrganizationSlug()).isEqualTo(org.getOrganizationSlug());
    }

    @Test
    void createWithTheSdkDefaultsGivesAPlainActiveMember() {
        // The SDK's short constructor sends "roles":[] and empty metadata maps.
        Member member = ok(members()
                        .createCompletable(
                                new com.stytch.java.b2b.models.organizationsmembers.CreateRequest(
                                        orgId(), Unique.email()),
                                new CreateRequestOptions()))
                .getMember();

        assertThat(member.getStatus()).isEqualTo("active");
        assertThat(member.getName()).isEmpty();
        assertThat(member.isAdmin()).isFalse();
        assertThat(hasRole(member, "stytch_admin")).isFalse();
    }

    @Test
    void createAsPendingMakesAPendingMember() {
        Member member = createMember(memberCreate(orgId(), Unique.email()).pending());

        assertThat(member.getStatus()).isEqualTo("pending");
    }

    @Test
    void createWithAnEmailAlreadyInTheOrganizationInAnyCaseIsDuplicateMemberEmail() {
        Member member = createMember(orgId());

        for (String email :
                List.of(member.getEmailAddress(), member.getEmailAddress().toUpperCase(Locale.ROOT))) {
            assertApiError(
                    members().createCompletable(memberCreate(orgId(), email).build(), new CreateRequestOptions()),
                    400,
                    "duplicate_member_email");
        }
    }

    @Test
    void getFindsTheMemberByMemberIdAndByEmailAddress() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).name("Grace Hopper"));

        GetResponse byId = ok(members().getCompletable(new GetRequest(orgId(), created.getMemberId(), null)));
        GetResponse byEmail = ok(members().getCompletable(new GetRequest(orgId(), null, created.getEmailAddress())));

        for (GetResponse response : List.of(byId, byEmail)) {
            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getMemberId()).isEqualTo(created.getMemberId());
            assertThat(response.getMember()).isEqualTo(created);
            assertThat(response.getOrganization().getOrganizationId()).isEqualTo(orgId());
        }
    }

    @Test
    void getOfAnUnknownMemberIsMemberNotFound() {
        assertApiError(
                members().getCompletable(new GetRequest(orgId(), null, Unique.email("nobody"))),
                404,
                "member_not_found");
    }

    @Test
    void updateChangesTheNameAndMergesBothMetadataObjects() {
        Member created = createMember(memberCreate(orgId(), Unique.email())
                .name("Before")
                .trustedMetadata(Map.of("plan", "free", "seats", 5))
                .untrustedMetadata(Map.of("theme", "dark", "lang", "en")));

        UpdateResponse response = ok(members()
                .updateCompletable(
                        memberUpdate(orgId(), created.getMemberId())
                                .name("After")
                                .trustedMetadata(Map.of("seats", 10))
                                .untrustedMetadata(Map.of("lang", "fr"))
                                .build(),
                        new UpdateRequestOptions()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getMemberId()).isEqualTo(created.getMemberId());
        Member updated = response.getMember();
        assertThat(updated.getName()).isEqualTo("After");
        assertThat(updated.getTrustedMetadata()).isEqualTo(Map.of("plan", "free", "seats", 10.0));
        assertThat(updated.getUntrustedMetadata()).isEqualTo(Map.of("theme", "dark", "lang", "fr"));
        assertThat(response.getOrganization().getOrganizationId()).isEqualTo(orgId());
        assertThat(ok(members().getCompletable(new GetRequest(orgId(), created.getMemberId(), null)))
                        .getMember())
                .isEqualTo(updated);
    }

    @Test
    void updateWithTheSdkShortConstructorRenamesTheMemberAndKeepsItsStytchAdminRole() {
        // new UpdateRequest(org, member, name) sends "roles":[] and {} for both metadata maps.
        Member created = createMember(memberCreate(orgId(), Unique.email())
                .roles(List.of("stytch_admin"))
                .trustedMetadata(Map.of("plan", "pro"))
                .untrustedMetadata(Map.of("theme", "dark")));

        Member updated = ok(members()
                        .updateCompletable(
                                new com.stytch.java.b2b.models.organizationsmembers.UpdateRequest(
                                        orgId(), created.getMemberId(), "New name"),
                                new UpdateRequestOptions()))
                .getMember();

        assertThat(updated.getName()).isEqualTo("New name");
        assertThat(hasRole(updated, "stytch_admin"))
                .as("roles %s", updated.getRoles())
                .isTrue();
        assertThat(updated.isAdmin()).isTrue();
        assertThat(updated)
                .usingRecursiveComparison()
                .ignoringFields("name", "updatedAt")
                .isEqualTo(created);
    }

    @Test
    void updateWithNullRolesKeepsTheMembersRoles() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).roles(List.of("stytch_admin")));

        Member updated = ok(members()
                        .updateCompletable(
                                memberUpdate(orgId(), created.getMemberId())
                                        .name("Renamed")
                                        .build(),
                                new UpdateRequestOptions()))
                .getMember();

        assertThat(updated.getRoles()).isEqualTo(created.getRoles());
        assertThat(updated.isAdmin()).isTrue();
    }

    @Test
    void updateWithAnEmptyRolesListKeepsTheMembersRoles() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).roles(List.of("stytch_admin")));

        Member updated = ok(members()
                        .updateCompletable(
                                memberUpdate(orgId(), created.getMemberId())
                                        .roles(List.of())
                                        .build(),
                                new UpdateRequestOptions()))
                .getMember();

        assertThat(updated.getRoles()).isEqualTo(created.getRoles());
        assertThat(updated.isAdmin()).isTrue();
    }

    @Test
    void updateWithOnlyStytchMemberRemovesTheExplicitlyAssignedRoles() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).roles(List.of("stytch_admin", "editor")));

        Member updated = ok(members()
                        .updateCompletable(
                                memberUpdate(orgId(), created.getMemberId())
                                        .roles(List.of("stytch_member"))
                                        .build(),
                                new UpdateRequestOptions()))
                .getMember();

        assertThat(updated.getRoles()).extracting(MemberRole::getRoleId).containsExactly("stytch_member");
        assertThat(updated.isAdmin()).isFalse();
    }

    @Test
    void getAndUpdateAddressTheMemberByExternalIdAndTheOrganizationBySlug() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).externalId(Unique.externalId("member")));
        String slug = org.getOrganizationSlug();

        GetResponse fetched = ok(members().getCompletable(new GetRequest(slug, created.getExternalId(), null)));
        UpdateResponse updated = ok(members()
                .updateCompletable(
                        memberUpdate(slug, created.getExternalId())
                                .name("Addressed by external id")
                                .build(),
                        new UpdateRequestOptions()));

        assertThat(fetched.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(updated.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(updated.getMember().getName()).isEqualTo("Addressed by external id");
    }

    @Test
    void searchFiltersByEmailWithinTheGivenOrganizationsAndReturnsThoseOrganizations() {
        Member wanted = createMember(orgId());
        createMember(orgId());

        SearchResponse response = search(new SearchRequest(
                List.of(orgId()), null, null, filter("member_emails", List.of(wanted.getEmailAddress()))));

        assertThat(ids(response.getMembers())).containsExactly(wanted.getMemberId());
        assertThat(response.getResultsMetadata().getTotal()).isEqualTo(1);
        assertThat(response.getOrganizations()).containsOnlyKeys(orgId());
        assertThat(response.getOrganizations().get(orgId()).getOrganizationSlug())
                .isEqualTo(org.getOrganizationSlug());
    }

    @Test
    void searchAcrossTwoOrganizationsReturnsMembersOfBothWithTheirOrganizations() {
        Organization first = createOrganization();
        Organization second = createOrganization();
        Member a = createMember(first.getOrganizationId());
        Member b = createMember(second.getOrganizationId());

        SearchResponse response = search(
                new SearchRequest(List.of(first.getOrganizationId(), second.getOrganizationId()), null, null, null));

        assertThat(ids(response.getMembers())).containsExactlyElementsOf(ids(List.of(a, b)));
        assertThat(response.getOrganizations()).containsOnlyKeys(first.getOrganizationId(), second.getOrganizationId());
        assertThat(response.getOrganizations().get(first.getOrganizationId()).getOrganizationName())
                .isEqualTo(first.getOrganizationName());
        assertThat(response.getOrganizations().get(second.getOrganizationId()).getOrganizationName())
                .isEqualTo(second.getOrganizationName());
    }

    @Test
    void searchWithMemberEmailFuzzyFindsMembersWhoseEmailContainsTheText() {
        Organization own = createOrganization();
        String token = Unique.suffix();
        Member first = createMember(memberCreate(own.getOrganizationId(), Unique.email("x" + token)));
        Member second = createMember(memberCreate(own.getOrganizationId(), Unique.email(token + "y")));
        createMember(own.getOrganizationId());

        SearchResponse response = search(
                new SearchRequest(List.of(own.getOrganizationId()), null, null, filter("member_email_fuzzy", token)));

        assertThat(ids(response.getMembers())).containsExactlyElementsOf(ids(List.of(first, second)));
    }

    @Test
    void searchWithoutAQueryLeavesDeletedMembersOutAndAStatusesFilterFindsThem() {
        Organization own = createOrganization();
        Member active = createMember(own.getOrganizationId());
        Member deleted = createMember(own.getOrganizationId());
        delete(own.getOrganizationId(), deleted.getMemberId());

        SearchResponse all = search(new SearchRequest(List.of(own.getOrganizationId()), null, null, null));
        SearchResponse onlyDeleted = search(new SearchRequest(
                List.of(own.getOrganizationId()), null, null, filter("statuses", List.of("deleted"))));

        assertThat(ids(all.getMembers())).containsExactly(active.getMemberId());
        assertThat(ids(onlyDeleted.getMembers())).containsExactly(deleted.getMemberId());
        assertThat(onlyDeleted.getMembers().get(0).getStatus()).isEqualTo("deleted");
    }

    @Test
    void searchPagesThroughTheResultsWithLimitAndCursor() {
        Organization own = createOrganization();
        List<Member> created = List.of(
                createMember(own.getOrganizationId()),
                createMember(own.getOrganizationId()),
                createMember(own.getOrganizationId()));
        List<String> orgIds = List.of(own.getOrganizationId());

        SearchResponse first = search(new SearchRequest(orgIds, null, 2L, null));
        assertThat(first.getMembers()).hasSize(2);
        assertThat(first.getResultsMetadata().getTotal()).isEqualTo(3);
        assertThat(first.getResultsMetadata().getNextCursor())
                .as("next_cursor of the first page")
                .isNotBlank();

        SearchResponse second =
                search(new SearchRequest(orgIds, first.getResultsMetadata().getNextCursor(), 2L, null));
        assertThat(second.getMembers()).hasSize(1);
        assertThat(second.getResultsMetadata().getNextCursor())
                .as("next_cursor of the last page")
                .isNullOrEmpty();

        List<Member> seen = new ArrayList<>(first.getMembers());
        seen.addAll(second.getMembers());
        assertThat(ids(seen)).containsExactlyElementsOf(ids(created));
    }

    @Test
    void deleteMarksTheMemberDeleted() {
        Member created = createMember(orgId());

        DeleteResponse response = ok(members()
                .deleteCompletable(new DeleteRequest(orgId(), created.getMemberId()), new DeleteRequestOptions()));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getRequestId()).isNotBlank();
        assertThat(response.getMemberId()).isEqualTo(created.getMemberId());
        GetResponse withDeleted =
                ok(members().dangerouslyGetCompletable(new DangerouslyGetRequest(created.getMemberId(), true)));
        assertThat(withDeleted.getMember().getStatus()).isEqualTo("deleted");
        for (Boolean includeDeleted : new Boolean[] {null, false}) {
            assertApiError(
                    members()
                            .dangerouslyGetCompletable(
                                    new DangerouslyGetRequest(created.getMemberId(), includeDeleted)),
                    404,
                    "member_not_found");
        }
    }

    @Test
    void deleteFreesTheEmailForANewMember() {
        Member created = createMember(orgId());
        delete(orgId(), created.getMemberId());

        Member again = createMember(memberCreate(orgId(), created.getEmailAddress()));

        assertThat(again.getMemberId()).isNotEqualTo(created.getMemberId());
        assertThat(again.getStatus()).isEqualTo("active");
    }

    @Test
    void reactivateOfADeletedMemberWhoseEmailIsUnverifiedIsEmailUnverifiedForReactivation() {
        Member created = createMember(orgId());
        delete(orgId(), created.getMemberId());

        assertApiError(
                members()
                        .reactivateCompletable(
                                new ReactivateRequest(orgId(), created.getMemberId()), new ReactivateRequestOptions()),
                400,
                "email_unverified_for_reactivation");
    }

    @Test
    void reactivateOfAnActiveMemberIsNoDeletedMemberFoundForReactivation() {
        Member created = createMember(orgId());

        assertApiError(
                members()
                        .reactivateCompletable(
                                new ReactivateRequest(orgId(), created.getMemberId()), new ReactivateRequestOptions()),
                404,
                "no_deleted_member_found_for_reactivation");
    }

    @Test
    void dangerouslyGetFindsAMemberByMemberIdAlone() {
        Member created = createMember(memberCreate(orgId(), Unique.email()).name("Found Anywhere"));

        GetResponse response =
                ok(members().dangerouslyGetCompletable(new DangerouslyGetRequest(created.getMemberId(), null)));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getMemberId()).isEqualTo(created.getMemberId());
        assertThat(response.getMember()).isEqualTo(created);
        assertThat(response.getOrganization().getOrganizationId()).isEqualTo(orgId());
    }
}
