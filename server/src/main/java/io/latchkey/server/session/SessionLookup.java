package io.latchkey.server.session;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Instant;

/** Finds the session a call names (by id, token or JWT), in the caller's transaction. Thread-safe. */
final class SessionLookup {
    private final SessionStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SessionJwts jwts;

    /** A session under check with its organization and member, as this node's caches hold them. */
    record Loaded(SessionRecord record, Member member, Organization organization) {}

    SessionLookup(SessionStore store, OrganizationService organizations, MemberService members, SessionJwts jwts) {
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.jwts = jwts;
    }

    /**
     * The session a check names, its organization and its member, in one point select while this
     * node's organization and member caches are current (see {@link SessionStore#findForCheck}).
     * {@code jwtSessionId} is the session id of an already verified JWT, or null for a token.
     */
    Loaded load(Tx tx, Project project, String token, String jwtSessionId, Instant now) {
        SessionUnderCheck check = (jwtSessionId != null
                        ? store.findForCheck(tx, project.projectId(), jwtSessionId, true)
                        : store.findForCheck(tx, project.projectId(), Tokens.hash(token), false))
                .orElseThrow(SessionService::sessionNotFound);
        SessionRecord record = check.record();
        if (!record.isAlive(now) || !"active".equals(check.memberStatus())) {
            throw SessionService.sessionNotFound();
        }
        Organization organization = organizations
                .findAtVersion(tx, project, record.organizationId(), check.organizationVersion())
                .orElseThrow(SessionService::sessionNotFound);
        Member member = members.findAtVersion(tx, project, organization, record.memberId(), check.memberVersion())
                .filter(m -> "active".equals(m.status()))
                .orElseThrow(SessionService::sessionNotFound);
        return new Loaded(record, member, organization);
    }

    /**
     * The session with this id. Only a well-formed session id is looked up: anything else (a NUL,
     * which PostgreSQL cannot even compare, or any other junk) is simply not found.
     */
    SessionRecord findById(Tx tx, Project project, String sessionId) {
        if (!Ids.looksLike("member-session", sessionId)) {
            throw SessionService.sessionNotFound();
        }
        return store.findById(tx, project.projectId(), sessionId).orElseThrow(SessionService::sessionNotFound);
    }

    SessionRecord find(Tx tx, Project project, String token, String jwt) {
        if (token != null) {
            return store.findByTokenHash(tx, project.projectId(), Tokens.hash(token))
                    .orElseThrow(SessionService::sessionNotFound);
        }
        if (jwt != null) {
            String sessionId = jwts.verify(project, jwt, true).sessionId();
            return store.findById(tx, project.projectId(), sessionId).orElseThrow(SessionService::sessionNotFound);
        }
        throw new ApiException(ErrorType.NO_SESSION_ARGUMENTS, "Pass one of session_token and session_jwt.");
    }
}
