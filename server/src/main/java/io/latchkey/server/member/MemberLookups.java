package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading members: the members API's get and dangerously_get, and the lookups other features make
 * in their own transactions (the session check's through {@link MemberRecords}' cache). Thread-safe.
 */
final class MemberLookups {
    private final MemberParts parts;
    private final Database db;
    private final MemberStore store;
    private final MemberRecords records;
    private final OrganizationService organizations;

    MemberLookups(MemberParts parts) {
        this.parts = parts;
        this.db = parts.db();
        this.store = parts.store();
        this.records = parts.records();
        this.organizations = parts.organizations();
    }

    MemberResponse get(Project project, String organizationRef, String memberRef, String email) {
        if ((memberRef == null) == (email == null)) {
            throw new ApiException(ErrorType.INVALID_ARGUMENT, "Give exactly one of member_id and email_address.");
        }
        return db.read(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            MemberState m = memberRef != null
                    ? records.resolve(tx, project, org, memberRef)
                    : store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
                            .orElseThrow(MemberRecords::notFound);
            return parts.response(tx, project, m, org);
        });
    }

    MemberResponse dangerouslyGet(Project project, String memberId, boolean includeDeleted) {
        return db.read(tx -> {
            MemberState m = records.byId(tx, project, memberId)
                    .filter(x -> includeDeleted || !x.isDeleted())
                    .orElseThrow(MemberRecords::notFound);
            Organization org = organizations.resolve(tx, project, m.organizationId);
            return parts.response(tx, project, m, org);
        });
    }

    Optional<Member> findByEmail(Tx tx, Project project, String organizationId, String email) {
        Organization org = organizations.resolve(tx, project, organizationId);
        return store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
                .map(m -> records.view(tx, project, m, org));
    }

    Optional<Member> findByEmail(Tx tx, Project project, Organization org, String email) {
        return store.findByEmail(tx, project.projectId(), org.organizationId(), Emails.normalize(email))
                .map(m -> records.view(tx, project, m, org));
    }

    Optional<Member> findById(Tx tx, Project project, String organizationId, String memberId) {
        return findById(tx, project, organizations.resolve(tx, project, organizationId), memberId);
    }

    Optional<Member> findById(Tx tx, Project project, Organization org, String memberId) {
        return records.byId(tx, project, memberId)
                .filter(m -> m.organizationId.equals(org.organizationId()) && !m.isDeleted())
                .map(m -> records.view(tx, project, m, org));
    }

    Optional<Member> findAtVersion(Tx tx, Project project, Organization org, String memberId, long version) {
        return records.viewAtVersion(tx, project, org, memberId, version);
    }

    List<Member> listByEmailAcrossOrganizations(Tx tx, Project project, String email) {
        List<MemberState> rows = store.findByEmailEverywhere(tx, project.projectId(), Emails.normalize(email));
        Map<String, Organization> orgs = new LinkedHashMap<>();
        for (MemberState m : rows) {
            orgs.computeIfAbsent(m.organizationId, id -> organizations.resolve(tx, project, id));
        }
        return records.views(tx, project, rows, orgs);
    }

    boolean hasVerifiedMemberAtDomain(Tx tx, Project project, String organizationId, String domain) {
        return store.hasVerifiedMemberAtDomain(tx, project.projectId(), organizationId, domain);
    }

    Optional<String> emailFactorId(Tx tx, Project project, String memberId) {
        return records.byId(tx, project, memberId).filter(m -> !m.isDeleted()).map(m -> m.emailId);
    }

    Member resolve(Tx tx, Project project, String organizationId, String memberRef) {
        Organization org = organizations.resolve(tx, project, organizationId);
        return records.view(tx, project, records.resolve(tx, project, org, memberRef), org);
    }

    Member resolveForUpdate(Tx tx, Project project, String organizationId, String memberRef) {
        Organization org = organizations.resolve(tx, project, organizationId);
        return records.view(tx, project, records.resolveForUpdate(tx, project, org, memberRef), org);
    }
}
