package io.latchkey.server.member;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.CreateOrganizationRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service methods other features compose into their own transactions (magic links,
 * discovery, sessions), and the deletion hooks.
 */
class MemberServiceTest {
    static final String ORGS = "/v1/b2b/organizations";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static Database db;
    static MemberService members;
    static OrganizationService organizations;
    static Project project;
    static final List<String> deletedMembers = new CopyOnWriteArrayList<>();
    static final List<String> deletedOrganizations = new CopyOnWriteArrayList<>();
    String orgId;

    @BeforeAll
    static void start() {
        api = server.client();
        db = server.services().database();
        members = server.services().members();
        organizations = server.services().organizations();
        project = server.project();
        members.addDeletionListener((tx, projectId, memberId) -> {
            if (memberId.equals(vetoed)) {
                throw new IllegalStateException("sessions could not be revoked");
            }
            deletedMembers.add(projectId + "/" + memberId);
        });
        organizations.addDeletionListener(
                (tx, project, orgId) -> deletedOrganizations.add(project.projectId() + "/" + orgId));
    }

    static volatile String vetoed;

    @BeforeEach
    void newOrganization() {
        orgId = api.post(ORGS, json("organization_name", "Service Co"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
    }

    static String email() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8) + "@service.example";
    }

    @Test
    void aPendingMemberCanBeInvitedAndThenActivatedWithAVerifiedEmail() {
        String email = email();
        Member pending = db.inTransaction(tx -> members.createPending(tx, project, orgId, email));
        assertThat(pending.status()).isEqualTo("pending");
        assertThat(pending.emailAddressVerified()).isFalse();
        Member invited = db.inTransaction(tx -> members.markInvited(tx, project, orgId, pending.memberId()));
        assertThat(invited.status()).isEqualTo("invited");
        Member active =
                db.inTransaction(tx -> members.activateWithVerifiedEmail(tx, project, orgId, pending.memberId()));
        assertThat(active.status()).isEqualTo("active");
        assertThat(active.emailAddressVerified()).isTrue();
        assertThatThrownBy(() -> db.inTransaction(tx -> members.markInvited(tx, project, orgId, pending.memberId())))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.USER_ALREADY_INVITED));
        assertThat(api.get(ORGS + "/" + orgId + "/member?member_id=" + pending.memberId())
                        .body()
                        .path("member")
                        .path("status")
                        .asText())
                .isEqualTo("active");
    }

    @Test
    void createInvitedKeepsNameMetadataAndRoles() {
        Member m = db.inTransaction(tx -> members.createInvited(
                tx, project, orgId, email(), "Invitee", Map.of("t", 1), Map.of("u", 2), List.of("stytch_admin")));
        assertThat(m.status()).isEqualTo("invited");
        assertThat(m.name()).isEqualTo("Invitee");
        assertThat(m.trustedMetadata()).containsEntry("t", 1);
        assertThat(m.untrustedMetadata()).containsEntry("u", 2);
        assertThat(m.isAdmin()).isTrue();
    }

    @Test
    void lookupsFindOnlyMembersThatAreNotDeleted() {
        String email = email();
        Member m = db.inTransaction(tx -> members.createVerified(tx, project, orgId, email, null));
        Optional<Member> byEmail = db.read(tx -> members.findByEmail(tx, project, orgId, email.toUpperCase()));
        assertThat(byEmail).hasValueSatisfying(x -> assertThat(x.memberId()).isEqualTo(m.memberId()));
        Optional<Member> byId = db.read(tx -> members.findById(tx, project, orgId, m.memberId()));
        assertThat(byId).isPresent();
        Optional<String> emailId = db.read(tx -> members.emailFactorId(tx, project, m.memberId()));
        assertThat(emailId).hasValueSatisfying(id -> assertThat(id).startsWith("email-test-"));
        boolean atDomain = db.read(tx -> members.hasVerifiedMemberAtDomain(tx, project, orgId, "service.example"));
        boolean elsewhere = db.read(tx -> members.hasVerifiedMemberAtDomain(tx, project, orgId, "other.example"));
        assertThat(atDomain).isTrue();
        assertThat(elsewhere).isFalse();
        api.delete(ORGS + "/" + orgId + "/members/" + m.memberId());
        Optional<Member> deletedByEmail = db.read(tx -> members.findByEmail(tx, project, orgId, email));
        Optional<Member> deletedById = db.read(tx -> members.findById(tx, project, orgId, m.memberId()));
        assertThat(deletedByEmail).isEmpty();
        assertThat(deletedById).isEmpty();
        assertThatThrownBy(() ->
                        db.inTransaction(tx -> members.activateWithVerifiedEmail(tx, project, orgId, m.memberId())))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.MEMBER_NOT_FOUND));
    }

    @Test
    void membershipsOfOneEmailAreListedAcrossOrganizations() {
        String email = email();
        String second = api.post(ORGS, json("organization_name", "Second"))
                .body()
                .path("organization")
                .path("organization_id")
                .asText();
        db.useTransaction(tx -> {
            members.createPending(tx, project, orgId, email);
            members.createInvited(tx, project, second, email.toUpperCase(), null, null, null, null);
        });
        List<Member> found = db.read(tx -> members.listByEmailAcrossOrganizations(tx, project, email));
        assertThat(found).extracting(Member::organizationId).containsExactlyInAnyOrder(orgId, second);
    }

    @Test
    void organizationAndFirstMemberAreCreatedInOneTransaction() {
        String slug = "one-tx-" + UUID.randomUUID().toString().substring(0, 8);
        CreateOrganizationRequest request = new CreateOrganizationRequest(
                "One Tx", slug, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        assertThatThrownBy(() -> db.useTransaction(tx -> {
                    Organization org = organizations.create(tx, project, request);
                    members.createVerified(tx, project, org.organizationId(), "not an email", List.of("stytch_admin"));
                }))
                .isInstanceOf(ApiException.class);
        assertThat(api.get(ORGS + "/" + slug).status()).isEqualTo(404);
        Member admin = db.inTransaction(tx -> {
            Organization org = organizations.create(tx, project, request);
            return members.createVerified(tx, project, org.organizationId(), email(), List.of("stytch_admin"));
        });
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.emailAddressVerified()).isTrue();
        assertThat(api.get(ORGS + "/" + slug).status()).isEqualTo(200);
    }

    @Test
    void aDuplicateEmailInAComposedCreateIsTheContractError() {
        String email = email();
        db.useTransaction(tx -> members.createPending(tx, project, orgId, email));
        assertThatThrownBy(
                        () -> db.useTransaction(tx -> members.createPending(tx, project, orgId, email.toUpperCase())))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.DUPLICATE_MEMBER_EMAIL));
    }

    @Test
    void deletionListenersRunInsideTheDeletingTransaction() {
        // The listeners are this test's, on the services built over the server's database, so the
        // deletions go through those services; what they leave behind is read over HTTP.
        String memberId = api.post(ORGS + "/" + orgId + "/members", json("email_address", email()))
                .text("member_id");
        assertThat(members.delete(project, orgId, memberId)).isEqualTo(memberId);
        assertThat(deletedMembers).contains(server.projectId() + "/" + memberId);
        assertThat(api.get(ORGS + "/members/dangerously_get/" + memberId + "?include_deleted=true")
                        .body()
                        .path("member")
                        .path("status")
                        .asText())
                .isEqualTo("deleted");

        String kept = api.post(ORGS + "/" + orgId + "/members", json("email_address", email()))
                .text("member_id");
        vetoed = kept;
        try {
            assertThatThrownBy(() -> members.delete(project, orgId, kept))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("sessions could not be revoked");
        } finally {
            vetoed = null;
        }
        // The listener failed, so the deletion was rolled back.
        assertThat(api.get(ORGS + "/" + orgId + "/member?member_id=" + kept)
                        .body()
                        .path("member")
                        .path("status")
                        .asText())
                .isEqualTo("active");

        assertThat(organizations.delete(project, orgId)).isEqualTo(orgId);
        assertThat(deletedOrganizations).contains(server.projectId() + "/" + orgId);
        assertThat(api.get(ORGS + "/" + orgId).status()).isEqualTo(404);
    }
}
