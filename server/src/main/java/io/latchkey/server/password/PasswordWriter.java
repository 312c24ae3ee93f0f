package io.latchkey.server.password;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Clock;

/** Gives a member a new password (a fresh member_password_id) in the caller's transaction. */
final class PasswordWriter {
    private final PasswordStore store;
    private final MemberService members;
    private final Clock clock;

    PasswordWriter(PasswordStore store, MemberService members, Clock clock) {
        this.store = store;
        this.members = members;
        this.clock = clock;
    }

    Member setPassword(Tx tx, Project project, Organization org, Member member, StoredHash hash) {
        String id = Ids.newId(PasswordService.ID_KIND, project.environment());
        store.put(
                tx,
                project.projectId(),
                org.organizationId(),
                member.memberId(),
                id,
                hash,
                Timestamps.truncate(clock.instant()));
        return members.setPasswordId(tx, project, org.organizationId(), member.memberId(), id);
    }
}
