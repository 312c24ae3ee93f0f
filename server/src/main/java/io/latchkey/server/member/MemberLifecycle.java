package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.JsonText;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.UniqueViolationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A member's status over its life: deletion and reactivation (telling the listeners), being
 * invited, and what a login makes of it (active, email verified, SSO registration). Thread-safe.
 */
final class MemberLifecycle {
    private final MemberParts parts;
    private final Database db;
    private final MemberStore store;
    private final MemberRecords records;
    private final OrganizationService organizations;

    MemberLifecycle(MemberParts parts) {
        this.parts = parts;
        this.db = parts.db();
        this.store = parts.store();
        this.records = parts.records();
        this.organizations = parts.organizations();
    }

    String delete(Project project, String organizationRef, String memberRef) {
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
            m.status = MemberState.DELETED;
            m.updatedAt = parts.now();
            parts.listeners().invalidateLogins(tx, project, m);
            store.update(tx, project.projectId(), m);
            parts.listeners().memberDeleted(tx, project, m);
            return m.memberId;
        });
    }

    MemberResponse reactivate(Project project, String organizationRef, String memberId) {
        MemberState[] attempted = new MemberState[1];
        try {
            return db.inTransaction(tx -> {
                Organization org = organizations.resolve(tx, project, organizationRef);
                MemberState m = records.byIdForUpdate(tx, project, memberId)
                        .filter(x -> x.organizationId.equals(org.organizationId()))
                        .orElseThrow(MemberRecords::notFound);
                attempted[0] = m;
                if (!m.isDeleted()) {
                    throw new ApiException(
                            ErrorType.NO_DELETED_MEMBER_FOUND_FOR_REACTIVATION, "The member is not deleted.");
                }
                if (!m.emailVerified) {
                    throw new ApiException(
                            ErrorType.EMAIL_UNVERIFIED_FOR_REACTIVATION,
                            "Only a member whose email address was verified can be reactivated.");
                }
                m.status = MemberState.ACTIVE;
                records.requireFree(tx, project, m, ErrorType.REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER);
                m.updatedAt = parts.now();
                parts.listeners().invalidateLogins(tx, project, m);
                store.update(tx, project.projectId(), m);
                return parts.response(tx, project, m, org);
            });
        } catch (UniqueViolationException e) {
            throw parts.explain(project, attempted[0], ErrorType.REACTIVATION_EMAIL_BELONGS_TO_ANOTHER_MEMBER, e);
        }
    }

    Member markInvited(Tx tx, Project project, String organizationId, String memberId) {
        return transition(tx, project, organizationId, memberId, m -> {
            if (m.status.equals(MemberState.ACTIVE)) {
                throw new ApiException(ErrorType.USER_ALREADY_INVITED, "The member is already active.");
            }
            m.status = MemberState.INVITED;
        });
    }

    Member activateWithVerifiedEmail(Tx tx, Project project, String organizationId, String memberId) {
        return transition(tx, project, organizationId, memberId, m -> {
            m.status = MemberState.ACTIVE;
            m.emailVerified = true;
        });
    }

    Optional<ActivatedMember> activateOnLogin(
            Tx tx, Project project, Organization org, String memberId, String sentTo) {
        String sentToKey = Emails.key(Emails.normalize(sentTo));
        Optional<MemberState> found = records.byId(tx, project, memberId)
                .filter(x -> x.organizationId.equals(org.organizationId())
                        && !x.isDeleted()
                        && x.emailId != null
                        && Emails.key(x.emailAddress).equals(sentToKey));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MemberState m = found.get();
        if (!MemberState.ACTIVE.equals(m.status) || !m.emailVerified) {
            // Read again, locked, before writing the whole row back: only a first login writes, so
            // the returning member's login above stays a plain read.
            Optional<MemberState> locked = records.byIdForUpdate(tx, project, memberId)
                    .filter(x -> !x.isDeleted()
                            && x.emailId != null
                            && Emails.key(x.emailAddress).equals(sentToKey));
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            m = locked.get();
            m.status = MemberState.ACTIVE;
            m.emailVerified = true;
            m.updatedAt = parts.now();
            store.update(tx, project.projectId(), m);
        }
        return Optional.of(new ActivatedMember(records.view(tx, project, m, org), m.emailId));
    }

    String recordSsoRegistration(
            Tx tx,
            Project project,
            String memberId,
            String connectionId,
            String externalId,
            Map<String, Object> attributes,
            List<SsoRoleGrant> roles) {
        return parts.ssoRegistrations()
                .upsertSsoRegistration(
                        tx,
                        project.projectId(),
                        memberId,
                        connectionId,
                        Ids.newId("sso-registration", project.environment()),
                        externalId,
                        JsonText.write(attributes == null ? Map.of() : attributes),
                        JsonText.write(roles == null ? List.of() : roles),
                        parts.now());
    }

    void forgetSsoConnection(Tx tx, Project project, String connectionId) {
        parts.ssoRegistrations().deleteForConnection(tx, project.projectId(), connectionId);
    }

    private Member transition(
            Tx tx, Project project, String organizationId, String memberId, Consumer<MemberState> change) {
        return parts.change(tx, project, organizationId, memberId, m -> {
            change.accept(m);
            return true;
        });
    }
}
