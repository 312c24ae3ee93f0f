package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.member.RetiredEmail;
import io.latchkey.api.member.UnlinkRetiredEmailResponse;
import io.latchkey.api.member.UpdateMemberRequest;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Emails;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.UniqueViolationException;
import java.util.List;
import java.util.Objects;

/**
 * The members API's update, with its email change (which retires the old address and ends the
 * member's logins), and forgetting a retired address. Thread-safe.
 */
final class MemberEdits {
    private final MemberParts parts;
    private final Database db;
    private final MemberStore store;
    private final MemberRecords records;
    private final OrganizationService organizations;

    MemberEdits(MemberParts parts) {
        this.parts = parts;
        this.db = parts.db();
        this.store = parts.store();
        this.records = parts.records();
        this.organizations = parts.organizations();
    }

    MemberResponse update(Project project, String organizationRef, String memberRef, UpdateMemberRequest request) {
        Objects.requireNonNull(request);
        MemberState[] attempted = new MemberState[1];
        try {
            return db.inTransaction(tx -> {
                Organization org = organizations.resolve(tx, project, organizationRef);
                MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
                attempted[0] = m;
                List<String> heldBefore = List.copyOf(m.roles);
                MemberUpdates.apply(m, request);
                // Only newly given roles must exist: one the policy has since dropped may be kept.
                parts.roles()
                        .requireKnown(
                                tx,
                                project,
                                org,
                                m.roles.stream()
                                        .filter(r -> !heldBefore.contains(r))
                                        .toList());
                if (request.emailAddress() != null
                        && records.changeEmail(
                                tx,
                                project,
                                m,
                                request.emailAddress(),
                                Boolean.TRUE.equals(request.unlinkEmail()),
                                parts.now())) {
                    parts.listeners().invalidateLogins(tx, project, m);
                }
                records.requireFree(tx, project, m, ErrorType.DUPLICATE_MEMBER_EMAIL);
                m.updatedAt = parts.now();
                store.update(tx, project.projectId(), m);
                return parts.response(tx, project, m, org);
            });
        } catch (UniqueViolationException e) {
            throw parts.explain(project, attempted[0], ErrorType.DUPLICATE_MEMBER_EMAIL, e);
        }
    }

    UnlinkRetiredEmailResponse unlinkRetiredEmail(
            Project project, String organizationRef, String memberRef, String emailId, String emailAddress) {
        if ((emailId == null || emailId.isEmpty()) && (emailAddress == null || emailAddress.isEmpty())) {
            throw new ApiException(ErrorType.MISSING_REQUIRED_FIELD, "Give email_id, email_address or both.");
        }
        MemberRetiredEmailStore retiredEmails = parts.retiredEmails();
        return db.inTransaction(tx -> {
            Organization org = organizations.resolve(tx, project, organizationRef);
            MemberState m = records.resolveForUpdate(tx, project, org, memberRef);
            List<RetiredEmail> retired = retiredEmails
                    .retiredEmails(tx, project.projectId(), List.of(m.memberId))
                    .getOrDefault(m.memberId, List.of());
            RetiredEmail found = retired.stream()
                    .filter(r -> emailId == null || emailId.isEmpty() || emailId.equals(r.emailId()))
                    .filter(r -> emailAddress == null
                            || emailAddress.isEmpty()
                            || Emails.key(emailAddress).equals(Emails.key(r.emailAddress())))
                    .findFirst()
                    .orElseThrow(() -> new ApiException(
                            ErrorType.RETIRED_EMAIL_NOT_FOUND,
                            "The member has no retired email address matching email_id and email_address."));
            retiredEmails.unretireEmail(tx, project.projectId(), m.memberId, found.emailAddress());
            // Retired emails are part of the row's version (see MemberRecords): move it.
            m.updatedAt = parts.now();
            store.update(tx, project.projectId(), m);
            Member view = records.view(tx, project, m, org);
            return new UnlinkRetiredEmailResponse(null, m.memberId, org.organizationId(), view, org, 200);
        });
    }
}
