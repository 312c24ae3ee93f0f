package io.latchkey.server.member;

import io.latchkey.api.member.CreateMemberRequest;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Metadata;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import io.latchkey.server.store.UniqueViolationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Creating members: the members API's create, and the pending (JIT), invited and verified members
 * other features create inside their own transactions. Thread-safe.
 */
final class MemberCreation {
    private final MemberParts parts;
    private final Database db;
    private final MemberStore store;
    private final MemberRecords records;
    private final OrganizationService organizations;
    private final RoleCatalog roles;

    MemberCreation(MemberParts parts) {
        this.parts = parts;
        this.db = parts.db();
        this.store = parts.store();
        this.records = parts.records();
        this.organizations = parts.organizations();
        this.roles = parts.roles();
    }

    MemberResponse create(Project project, String organizationRef, CreateMemberRequest request) {
        Objects.requireNonNull(request);
        MemberState[] attempted = new MemberState[1];
        try {
            return db.inTransaction(tx -> {
                Organization org = organizations.resolve(tx, project, organizationRef);
                String status =
                        Boolean.TRUE.equals(request.createMemberAsPending()) ? MemberState.PENDING : MemberState.ACTIVE;
                MemberState m = records.newMember(project, org, request.emailAddress(), status, parts.now());
                attempted[0] = m;
                if (request.name() != null) {
                    m.name = MemberRules.name(request.name());
                }
                m.trustedMetadata = Metadata.initial(request.trustedMetadata(), "trusted_metadata");
                m.untrustedMetadata = Metadata.initial(request.untrustedMetadata(), "untrusted_metadata");
                m.breakglass = Boolean.TRUE.equals(request.isBreakglass());
                if (request.mfaPhoneNumber() != null
                        && !request.mfaPhoneNumber().isEmpty()) {
                    m.mfaPhoneNumber = MemberRules.phoneNumber(request.mfaPhoneNumber());
                }
                m.mfaEnrolled = Boolean.TRUE.equals(request.mfaEnrolled());
                if (request.roles() != null) {
                    m.roles = MemberRules.roles(request.roles());
                    roles.requireKnown(tx, project, org, m.roles);
                }
                if (request.externalId() != null) {
                    m.externalId = MemberRules.externalId(request.externalId());
                }
                records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
                store.insert(tx, project.projectId(), m);
                return parts.response(tx, project, m, org);
            });
        } catch (UniqueViolationException e) {
            throw parts.explain(project, attempted[0], ErrorType.DUPLICATE_MEMBER_EMAIL, e);
        }
    }

    Member createPending(Tx tx, Project project, String organizationId, String email) {
        return createIn(tx, project, organizationId, email, MemberState.PENDING, m -> {});
    }

    Member createInvited(
            Tx tx,
            Project project,
            String organizationId,
            String email,
            String name,
            Map<String, Object> trustedMetadata,
            Map<String, Object> untrustedMetadata,
            List<String> roles) {
        return createIn(tx, project, organizationId, email, MemberState.INVITED, m -> {
            if (name != null) {
                m.name = MemberRules.name(name);
            }
            m.trustedMetadata = Metadata.initial(trustedMetadata, "trusted_metadata");
            m.untrustedMetadata = Metadata.initial(untrustedMetadata, "untrusted_metadata");
            if (roles != null) {
                m.roles = MemberRules.roles(roles);
            }
        });
    }

    Member createVerified(
            Tx tx, Project project, String organizationId, String email, List<String> roles, String name) {
        return createIn(tx, project, organizationId, email, MemberState.ACTIVE, m -> {
            m.emailVerified = true;
            if (roles != null) {
                m.roles = MemberRules.roles(roles);
            }
            if (name != null) {
                m.name = MemberRules.nameOrNone(name);
            }
        });
    }

    /**
     * An {@code active} member with a verified email and the fields an import gives (passwords.migrate):
     * any of them may be null.
     */
    Member createImported(
            Tx tx, Project project, String organizationId, CreateMemberRequest fields, boolean phoneVerified) {
        return createIn(tx, project, organizationId, fields.emailAddress(), MemberState.ACTIVE, m -> {
            m.emailVerified = true;
            if (fields.name() != null) {
                m.name = MemberRules.name(fields.name());
            }
            m.trustedMetadata = Metadata.initial(fields.trustedMetadata(), "trusted_metadata");
            m.untrustedMetadata = Metadata.initial(fields.untrustedMetadata(), "untrusted_metadata");
            if (fields.mfaPhoneNumber() != null && !fields.mfaPhoneNumber().isEmpty()) {
                m.mfaPhoneNumber = MemberRules.phoneNumber(fields.mfaPhoneNumber());
                m.mfaPhoneNumberVerified = phoneVerified;
            }
            if (fields.roles() != null) {
                m.roles = MemberRules.roles(fields.roles());
            }
            if (fields.externalId() != null && !fields.externalId().isEmpty()) {
                m.externalId = MemberRules.externalId(fields.externalId());
            }
        });
    }

    private Member createIn(
            Tx tx,
            Project project,
            String organizationId,
            String email,
            String status,
            Consumer<MemberState> customize) {
        Organization org = organizations.resolve(tx, project, organizationId);
        MemberState m = records.newMember(project, org, email, status, parts.now());
        customize.accept(m);
        roles.requireKnown(tx, project, org, m.roles);
        records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
        try {
            store.insert(tx, project.projectId(), m);
        } catch (UniqueViolationException e) {
            // The caller's transaction is spoiled and cannot be asked which value collided; the email
            // is the likeliest (an import's external id and phone number were checked just above).
            throw MemberRecords.duplicateEmail(ErrorType.DUPLICATE_MEMBER_EMAIL);
        }
        return records.view(tx, project, m, org);
    }
}
