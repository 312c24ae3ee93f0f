package io.latchkey.api.password;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;

/** Answer of passwords.migrate. */
public record MigrateResponse(
        String requestId,
        String memberId,
        boolean memberCreated,
        Member member,
        Organization organization,
        int statusCode) {
    public static MigrateResponse of(Member member, boolean created, Organization organization) {
        return new MigrateResponse(null, member.memberId(), created, member, organization, 200);
    }
}
