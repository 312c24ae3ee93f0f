package io.latchkey.server.member;

import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberResponse;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.RoleCatalog;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * What the parts of {@link MemberService} share: the stores, the records over them, the
 * organizations and role catalog they check against, the listeners, and the steps their writes
 * have in common. Thread-safe.
 */
record MemberParts(
        Database db,
        MemberStore store,
        MemberRetiredEmailStore retiredEmails,
        MemberSsoRegistrationStore ssoRegistrations,
        MemberSearchStore searchStore,
        MemberRecords records,
        OrganizationService organizations,
        RoleCatalog roles,
        MemberListeners listeners,
        Clock clock) {

    static MemberParts create(
            Database db, MemberStore store, OrganizationService organizations, Clock clock, RoleCatalog roles) {
        MemberRetiredEmailStore retiredEmails = new MemberRetiredEmailStore();
        MemberSsoRegistrationStore ssoRegistrations = new MemberSsoRegistrationStore();
        MemberRecords records = new MemberRecords(store, retiredEmails, new MemberExtrasStore(), clock);
        return new MemberParts(
                db,
                store,
                retiredEmails,
                ssoRegistrations,
                new MemberSearchStore(),
                records,
                organizations,
                roles,
                new MemberListeners(),
                clock);
    }

    /**
     * Applies {@code change} to the member; writes the row only when it reports a change. The row is
     * read locked, so a concurrent update of the member cannot be written over (nor this one lost).
     */
    Member change(Tx tx, Project project, String organizationId, String memberId, Predicate<MemberState> change) {
        Organization org = organizations.resolve(tx, project, organizationId);
        MemberState m = records.byIdForUpdate(tx, project, memberId)
                .filter(x -> x.organizationId.equals(org.organizationId()) && !x.isDeleted())
                .orElseThrow(MemberRecords::notFound);
        if (change.test(m)) {
            m.updatedAt = now();
            store.update(tx, project.projectId(), m);
        }
        return records.view(tx, project, m, org);
    }

    /** After a unique violation in our own transaction: ask, in a fresh one, which value collided. */
    RuntimeException explain(Project project, MemberState attempted, ErrorType emailTaken, RuntimeException cause) {
        if (attempted == null) {
            return cause;
        }
        return db.read(tx -> {
            try {
                records.requireFree(tx, project, attempted, emailTaken);
                return cause;
            } catch (ApiException e) {
                return e;
            }
        });
    }

    MemberResponse response(Tx tx, Project project, MemberState m, Organization org) {
        return new MemberResponse(records.view(tx, project, m, org), org);
    }

    Instant now() {
        return Timestamps.truncate(clock.instant());
    }
}
