package io.latchkey.server.session;

import io.latchkey.api.member.Member;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.api.session.RevokeSessionResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.stream.Stream;

/** {@code POST /v1/b2b/sessions/revoke}: one session, or every session of a member. Thread-safe. */
final class SessionRevocation {
    private final Database db;
    private final SessionStore store;
    private final MemberService members;
    private final SessionLookup lookup;
    private final SessionJwtCache jwtCache;
    private final Clock clock;

    SessionRevocation(
            Database db,
            SessionStore store,
            MemberService members,
            SessionLookup lookup,
            SessionJwtCache jwtCache,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.members = members;
        this.lookup = lookup;
        this.jwtCache = jwtCache;
        this.clock = clock;
    }

    /** See {@link SessionService#revoke(Project, RevokeSessionRequest, SessionService.RevokeAuthorizer)}. */
    RevokeSessionResponse revoke(
            Project project, RevokeSessionRequest request, SessionService.RevokeAuthorizer authorizer) {
        long given = Stream.of(
                        request.memberSessionId(), request.sessionToken(), request.sessionJwt(), request.memberId())
                .filter(Objects::nonNull)
                .count();
        if (given == 0) {
            throw new ApiException(
                    ErrorType.NO_SESSION_REVOKE_ARGUMENTS,
                    "Pass one of member_session_id, session_token, session_jwt or member_id.");
        }
        if (given > 1) {
            throw new ApiException(
                    ErrorType.TOO_MANY_SESSION_REVOKE_ARGUMENTS,
                    "Pass only one of member_session_id, session_token, session_jwt or member_id.");
        }
        Instant now = clock.instant();
        if (request.memberId() != null) {
            // Refuses an id that is not a member of this project (member_not_found).
            Member target =
                    members.dangerouslyGet(project, request.memberId(), false).member();
            authorizer.authorize(target.organizationId(), target.memberId());
        } else {
            SessionRecord target = db.read(tx -> request.memberSessionId() != null
                    ? lookup.findById(tx, project, request.memberSessionId())
                    : lookup.find(tx, project, request.sessionToken(), request.sessionJwt()));
            authorizer.authorize(target.organizationId(), target.memberId());
        }
        db.useTransaction(tx -> {
            if (request.memberId() != null) {
                store.revokeAllOfMember(tx, project.projectId(), request.memberId(), now);
                return;
            }
            SessionRecord record = request.memberSessionId() != null
                    ? lookup.findById(tx, project, request.memberSessionId())
                    : lookup.find(tx, project, request.sessionToken(), request.sessionJwt());
            if (!record.isAlive(now) || store.revoke(tx, project.projectId(), record.sessionId(), now) == 0) {
                throw SessionService.sessionNotFound();
            }
            jwtCache.invalidate(record.sessionId());
        });
        return RevokeSessionResponse.ok();
    }
}
