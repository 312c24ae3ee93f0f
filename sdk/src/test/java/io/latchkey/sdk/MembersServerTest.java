package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.SearchMembersResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.sdk.request.Requests;
import io.latchkey.sdk.request.SearchQueries;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Members through the SDK against the real server; organizations are made with the SDK too. */
@Tag("server")
class MembersServerTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private static B2BClient client;
    private Organization org;

    @BeforeAll
    static void start() {
        client = B2BClient.create(server.projectId(), server.secret(), server.baseUrl());
    }

    @BeforeEach
    void organization() {
        org = client.organizations()
                .create(Requests.createOrganization("Members " + unique("o"))
                        .organizationSlug(unique("m"))
                        .build())
                .organization();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Member create(String email) {
        return client.organizations()
                .members()
                .create(
                        org.organizationId(),
                        Requests.createMember(email).name("Ada").build())
                .member();
    }

    @Test
    void createThenGetByIdExternalIdAndEmail() {
        MemberResponse created = client.organizations()
                .members()
                .create(
                        org.organizationId(),
                        Requests.createMember("ada@acme.test")
                                .name("Ada Lovelace")
                                .externalId("ext-ada")
                                .untrustedMetadata(Map.of("theme", "dark"))
                                .build());

        Member member = created.member();
        assertThat(created.memberId()).isEqualTo(member.memberId()).startsWith("member-test-");
        assertThat(created.organization().organizationId()).isEqualTo(org.organizationId());
        assertThat(member.status()).isEqualTo("active");
        assertThat(member.name()).isEqualTo("Ada Lovelace");
        assertThat(member.untrustedMetadata()).containsEntry("theme", "dark");

        var members = client.organizations().members();
        assertThat(members.get(org.organizationId(), member.memberId()).member())
                .isEqualTo(member);
        assertThat(members.get(org.organizationSlug(), "ext-ada").memberId()).isEqualTo(member.memberId());
        assertThat(members.getByEmail(org.organizationId(), "ADA@acme.test").memberId())
                .isEqualTo(member.memberId());
    }

    @Test
    void createAsPendingAndDuplicateEmailIsRefused() {
        Member pending = client.organizations()
                .members()
                .create(
                        org.organizationId(),
                        Requests.createMember("pat@acme.test")
                                .createMemberAsPending(true)
                                .build())
                .member();
        assertThat(pending.status()).isEqualTo("pending");

        assertThatThrownBy(() -> create("pat@acme.test"))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("duplicate_member_email"));
    }

    @Test
    void updateChangesOnlyWhatIsSet() {
        Member member = create("bob@acme.test");

        Member updated = client.organizations()
                .members()
                .update(
                        org.organizationId(),
                        member.memberId(),
                        Requests.updateMember()
                                .name("Robert")
                                .trustedMetadata(Map.of("level", 3))
                                .build())
                .member();

        assertThat(updated.name()).isEqualTo("Robert");
        assertThat(updated.emailAddress()).isEqualTo("bob@acme.test");
        assertThat(updated.trustedMetadata()).containsEntry("level", 3);
    }

    @Test
    void deleteThenGetIsMemberNotFoundAndReactivateNeedsAVerifiedEmail() {
        Member member = create("carol@acme.test");

        var deleted = client.organizations().members().delete(org.organizationId(), member.memberId());

        assertThat(deleted.memberId()).isEqualTo(member.memberId());
        assertThatThrownBy(() -> client.organizations().members().get(org.organizationId(), member.memberId()))
                .isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo("member_not_found");
                });
        // Never logged in, so never verified: the contract refuses to bring it back.
        assertThatThrownBy(() -> client.organizations().members().reactivate(org.organizationId(), member.memberId()))
                .isInstanceOfSatisfying(
                        LatchkeyApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("email_unverified_for_reactivation"));
    }

    @Test
    void reactivateBringsADeletedVerifiedMemberBack() {
        Member member = create("dan@acme.test");
        // A completed magic-link login is what verifies the email.
        client.magicLinks()
                .email()
                .loginOrSignup(Requests.loginOrSignup(org.organizationId(), "dan@acme.test")
                        .build());
        client.magicLinks()
                .authenticate(Requests.authenticateMagicLink(new LoginFlow(server).awaitToken("dan@acme.test"))
                        .build());
        client.organizations().members().delete(org.organizationId(), member.memberId());

        MemberResponse back = client.organizations().members().reactivate(org.organizationId(), member.memberId());

        assertThat(back.member().status()).isEqualTo("active");
        assertThat(back.member().emailAddressVerified()).isTrue();
        assertThat(client.organizations()
                        .members()
                        .get(org.organizationId(), member.memberId())
                        .member()
                        .status())
                .isEqualTo("active");
    }

    @Test
    void searchAcrossOrganizationsWithFiltersAndTheOrganizationsMap() {
        Member ada = create("ada@search.test");
        create("bob@search.test");

        SearchMembersResponse byEmail = client.organizations()
                .members()
                .search(Requests.searchMembers(org.organizationId())
                        .query(SearchQueries.and(SearchQueries.filter("member_emails", List.of("ada@search.test"))))
                        .build());

        assertThat(byEmail.members()).extracting(Member::memberId).containsExactly(ada.memberId());
        assertThat(byEmail.organizations()).containsOnlyKeys(org.organizationId());
        assertThat(byEmail.resultsMetadata().total()).isEqualTo(1);

        SearchMembersResponse all = client.organizations()
                .members()
                .search(Requests.searchMembers(org.organizationId()).limit(1).build());
        assertThat(all.members()).hasSize(1);
        assertThat(all.resultsMetadata().total()).isEqualTo(2);
        assertThat(all.resultsMetadata().nextCursor()).isNotNull();
    }

    @Test
    void asyncVariantsReturnTheSameRecords() {
        var members = client.organizations().members();
        Member m = members.createAsync(
                        org.organizationId(),
                        Requests.createMember("eve@acme.test").build())
                .join()
                .member();
        assertThat(members.getAsync(org.organizationId(), m.memberId()).join().member())
                .isEqualTo(m);
        assertThat(members.getByEmailAsync(org.organizationId(), "eve@acme.test")
                        .join()
                        .memberId())
                .isEqualTo(m.memberId());
        assertThat(members.updateAsync(
                                org.organizationId(),
                                m.memberId(),
                                Requests.updateMember().name("Eve").build())
                        .join()
                        .member()
                        .name())
                .isEqualTo("Eve");
        assertThat(members.searchAsync(
                                Requests.searchMembers(org.organizationId()).build())
                        .join()
                        .members())
                .extracting(Member::memberId)
                .contains(m.memberId());
        assertThat(members.deleteAsync(org.organizationId(), m.memberId())
                        .join()
                        .memberId())
                .isEqualTo(m.memberId());
        assertThatThrownBy(() -> members.reactivateAsync(org.organizationId(), m.memberId())
                        .join())
                .hasCauseInstanceOf(LatchkeyApiException.class);
    }

    @Test
    void invalidEmailIsRefusedWithTheContractsErrorType() {
        assertThatThrownBy(() -> create("not-an-email")).isInstanceOfSatisfying(LatchkeyApiException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.errorType()).isEqualTo("invalid_email");
        });
    }
}
