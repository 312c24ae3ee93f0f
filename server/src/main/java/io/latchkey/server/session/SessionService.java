package io.latchkey.server.session;

import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.AuthorizationVerdict;
import io.latchkey.api.session.GetSessionsResponse;
import io.latchkey.api.session.MemberSession;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.api.session.RevokeSessionResponse;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.member.MemberService;
import io.latchkey.server.organization.OrganizationService;
import io.latchkey.server.project.Project;
import io.latchkey.server.rbac.PolicyService;
import io.latchkey.server.session.SessionLookup.Loaded;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Member sessions: minting, checking, listing and revoking, the one type other features call.
 * Finding a session, the authorization check, JWT reuse and revocation live in their own
 * package-private classes. Thread-safe.
 *
 * <p>The hot path is {@link #authenticate}. Signing a JWT costs about a millisecond of CPU and a
 * durable write far more than a read, so a check reads the session (revocation takes effect on
 * the very next call), reuses a JWT minted for the same unchanged session within {@link
 * SessionJwtCache#JWT_REUSE}, and moves last_accessed_at at most once per {@link #touchInterval}
 * (40 to 60 s).
 */
public final class SessionService {
    static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
    static final Duration TOUCH_SPREAD = Duration.ofSeconds(20);

    /**
     * How long a session's last_accessed_at stands before a check moves it: {@link #TOUCH_INTERVAL}
     * less up to {@link #TOUCH_SPREAD}, fixed per session. With one interval for all, the sessions checked right
     * after a start were all written again together every minute (bench/load/README.md); each
     * session's own interval scatters those writes.
     */
    static Duration touchInterval(String sessionId) {
        return TOUCH_INTERVAL.minusMillis(Math.floorMod(sessionId.hashCode(), TOUCH_SPREAD.toMillis()));
    }

    private final Database db;
    private final SessionStore store;
    private final OrganizationService organizations;
    private final MemberService members;
    private final SessionJwts jwts;
    private final Clock clock;
    private final SessionLookup lookup;
    private final SessionAuthorization authorization;
    private final SessionJwtCache jwtCache;
    private final SessionRevocation revocation;

    public SessionService(
            Database db,
            SessionStore store,
            OrganizationService organizations,
            MemberService members,
            SessionJwts jwts,
            Clock clock,
            PolicyService policies) {
        this.authorization = new SessionAuthorization(Objects.requireNonNull(policies));
        this.db = db;
        this.store = store;
        this.organizations = organizations;
        this.members = members;
        this.jwts = jwts;
        this.clock = clock;
        this.lookup = new SessionLookup(store, organizations, members, jwts);
        this.jwtCache = new SessionJwtCache(jwts, clock);
        this.revocation = new SessionRevocation(db, store, members, lookup, jwtCache, clock);
    }

    /**
     * Creates a session in the caller's transaction. The caller has already decided that the
     * factors suffice (see {@link MfaRequirement}).
     */
    public NewSession create(
            Tx tx,
            Project project,
            Member member,
            Organization organization,
            List<AuthenticationFactor> factors,
            Integer durationMinutes,
            Map<String, Object> customClaims) {
        Duration duration = SessionDurations.orDefault(durationMinutes);
        Instant now = Timestamps.truncate(clock.instant());
        SessionRecord record = new SessionRecord(
                Ids.newId("member-session", project.environment()),
                project.projectId(),
                organization.organizationId(),
                member.memberId(),
                now,
                now,
                now.plus(duration),
                null,
                List.copyOf(factors),
                CustomClaims.merge(Map.of(), customClaims),
                now);
        String token = Tokens.newToken();
        store.insert(tx, record, Tokens.hash(token));
        return new NewSession(record, token, member, organization);
    }

    /** The API view and a JWT for a session written by {@link #create}; call after the commit. */
    public MintedSession mint(Project project, NewSession session) {
        return new MintedSession(
                view(session.record(), session.member(), session.organization()),
                session.sessionToken(),
                jwtCache.jwtFor(project, session.record(), session.member(), session.organization()));
    }

    /**
     * Adds {@code factor} to the member's existing session named by token or JWT (in the caller's
     * transaction), extending it when a duration is given. Empty when the session is not the
     * member's or not alive: the caller then creates a new one.
     */
    public java.util.Optional<NewSession> attachFactor(
            Tx tx,
            Project project,
            String sessionToken,
            String sessionJwt,
            Member member,
            Organization organization,
            AuthenticationFactor factor,
            Integer durationMinutes,
            Map<String, Object> customClaims) {
        if (sessionToken == null && sessionJwt == null) {
            return java.util.Optional.empty();
        }
        Instant now = Timestamps.truncate(clock.instant());
        SessionRecord existing;
        try {
            // Read again by id, locked: the factors and claims are merged into the stored ones and
            // written back, so a concurrent change of the session must not be written over.
            String sessionId =
                    lookup.find(tx, project, sessionToken, sessionJwt).sessionId();
            existing = store.findByIdForUpdate(tx, project.projectId(), sessionId)
                    .orElseThrow(SessionService::sessionNotFound);
        } catch (ApiException e) {
            return java.util.Optional.empty();
        }
        if (!existing.memberId().equals(member.memberId()) || !existing.isAlive(now)) {
            return java.util.Optional.empty();
        }
        List<AuthenticationFactor> factors = new ArrayList<>(existing.factors());
        factors.removeIf(
                f -> f.type().equals(factor.type()) && f.deliveryMethod().equals(factor.deliveryMethod()));
        factors.add(factor);
        Instant expires =
                durationMinutes == null ? existing.expiresAt() : now.plus(SessionDurations.validated(durationMinutes));
        SessionRecord updated = new SessionRecord(
                existing.sessionId(),
                existing.projectId(),
                existing.organizationId(),
                existing.memberId(),
                existing.startedAt(),
                now,
                expires,
                null,
                factors,
                CustomClaims.merge(existing.customClaims(), customClaims),
                now);
        store.update(tx, updated);
        return java.util.Optional.of(
                new NewSession(updated, sessionToken == null ? "" : sessionToken, member, organization));
    }

    /** {@code POST /v1/b2b/sessions/authenticate}. */
    public AuthenticateSessionResponse authenticate(Project project, AuthenticateSessionRequest request) {
        requireExactlyOne(
                request.sessionToken(),
                request.sessionJwt(),
                ErrorType.NO_SESSION_ARGUMENTS,
                ErrorType.TOO_MANY_SESSION_ARGUMENTS,
                "Pass exactly one of session_token and session_jwt.");
        Duration newDuration = request.sessionDurationMinutes() == null
                ? null
                : SessionDurations.validated(request.sessionDurationMinutes());
        Instant now = Timestamps.truncate(clock.instant());

        // The signature is checked before a connection is taken; then reads, outside any write lock:
        // most checks change nothing.
        String jwtSessionId = request.sessionToken() == null
                ? jwts.verify(project, request.sessionJwt(), true).sessionId()
                : null;
        Loaded loaded = db.read(tx -> lookup.load(tx, project, request.sessionToken(), jwtSessionId, now));
        SessionRecord record = loaded.record();
        AuthorizationVerdict verdict = authorization.authorize(project, request.authorizationCheck(), loaded);

        Instant touchedBefore = now.minus(touchInterval(record.sessionId()));
        boolean changes = newDuration != null
                || (request.sessionCustomClaims() != null
                        && !request.sessionCustomClaims().isEmpty());
        if (changes) {
            // The change starts from the stored session, read again and locked, not from the read
            // above: a concurrent change of its claims or factors would otherwise be written over.
            record = db.inTransaction(tx -> {
                SessionRecord current = store.findByIdForUpdate(
                                tx, project.projectId(), loaded.record().sessionId())
                        .filter(s -> s.isAlive(now))
                        .orElseThrow(SessionService::sessionNotFound);
                SessionRecord updated = new SessionRecord(
                        current.sessionId(),
                        current.projectId(),
                        current.organizationId(),
                        current.memberId(),
                        current.startedAt(),
                        now,
                        newDuration == null ? current.expiresAt() : now.plus(newDuration),
                        null,
                        current.factors(),
                        CustomClaims.merge(current.customClaims(), request.sessionCustomClaims()),
                        now);
                if (!store.update(tx, updated)) {
                    throw sessionNotFound();
                }
                return updated;
            });
        } else if (record.lastAccessedAt().isBefore(touchedBefore)) {
            db.useTransaction(
                    tx -> store.touch(tx, project.projectId(), loaded.record().sessionId(), now, touchedBefore));
            record = withLastAccessed(record, now);
        }
        String jwt = jwtCache.jwtFor(project, record, loaded.member(), loaded.organization());
        return new AuthenticateSessionResponse(
                null,
                view(record, loaded.member(), loaded.organization()),
                request.sessionToken() == null ? "" : request.sessionToken(),
                jwt,
                loaded.member(),
                loaded.organization(),
                200,
                verdict);
    }

    /**
     * The member behind a session token or JWT given in place of the project's own say-so (the
     * X-Stytch-Member-Session headers), checked as {@link #authenticate} checks it but changing
     * nothing, whose roles allow every one of {@code actions} on {@code resourceId} in
     * organization {@code organizationId}, which must be the session's.
     *
     * @throws ApiException session_not_found, session_authorization_tenancy_error,
     *     session_authorization_error
     */
    public Member authorizeMember(
            Project project,
            String sessionToken,
            String sessionJwt,
            String organizationId,
            String resourceId,
            List<String> actions) {
        Instant now = Timestamps.truncate(clock.instant());
        String token = sessionToken;
        String jwtSessionId =
                token == null ? jwts.verify(project, sessionJwt, true).sessionId() : null;
        Loaded loaded = db.read(tx -> lookup.load(tx, project, token, jwtSessionId, now));
        SessionAuthorization.requireSessionOrganization(organizationId, loaded.organization());
        for (String action : actions) {
            authorization.authorize(project, new AuthorizationCheck(organizationId, resourceId, action), loaded);
        }
        return loaded.member();
    }

    /** {@code GET /v1/b2b/sessions}: the member's standing sessions. */
    public GetSessionsResponse list(Project project, String organizationId, String memberId) {
        if (organizationId == null || memberId == null) {
            throw new ApiException(ErrorType.BAD_REQUEST, "organization_id and member_id are required.");
        }
        return db.read(tx -> {
            Organization organization = organizations.resolve(tx, project, organizationId);
            Member member = members.findById(tx, project, organization, memberId)
                    .orElseThrow(
                            () -> new ApiException(ErrorType.MEMBER_NOT_FOUND, "No such member in this organization."));
            List<MemberSession> sessions = store
                    .listAlive(
                            tx, project.projectId(), organization.organizationId(), member.memberId(), clock.instant())
                    .stream()
                    .map(s -> view(s, member, organization))
                    .toList();
            return GetSessionsResponse.of(sessions);
        });
    }

    /** {@code POST /v1/b2b/sessions/revoke}. */
    public RevokeSessionResponse revoke(Project project, RevokeSessionRequest request) {
        return revoke(project, request, (organizationId, memberId) -> {});
    }

    /** Decides, before anything is revoked, whether the caller may revoke the sessions of a member. */
    @FunctionalInterface
    public interface RevokeAuthorizer {
        void authorize(String organizationId, String memberId);
    }

    /**
     * {@code POST /v1/b2b/sessions/revoke}, with {@code authorizer} asked about the member whose
     * session or sessions would go (a call on behalf of a member).
     */
    public RevokeSessionResponse revoke(Project project, RevokeSessionRequest request, RevokeAuthorizer authorizer) {
        return revocation.revoke(project, request, authorizer);
    }

    /** Revokes every session of a member, in the caller's transaction (member deleted). */
    public void revokeAllOfMember(Tx tx, String projectId, String memberId) {
        store.revokeAllOfMember(tx, projectId, memberId, clock.instant());
    }

    /** Revokes every session in an organization, in the caller's transaction (organization deleted). */
    public void revokeAllOfOrganization(Tx tx, String projectId, String organizationId) {
        store.revokeAllOfOrganization(tx, projectId, organizationId, clock.instant());
    }

    /** The standing session behind a token or JWT, read in the caller's transaction. */
    public SessionRecord findAlive(Tx tx, Project project, String sessionToken, String sessionJwt) {
        SessionRecord record = lookup.find(tx, project, sessionToken, sessionJwt);
        if (!record.isAlive(clock.instant())) {
            throw sessionNotFound();
        }
        return record;
    }

    private static MemberSession view(SessionRecord s, Member member, Organization organization) {
        return new MemberSession(
                s.sessionId(),
                s.memberId(),
                Timestamps.format(s.startedAt()),
                Timestamps.format(s.lastAccessedAt()),
                Timestamps.format(s.expiresAt()),
                s.factors(),
                s.organizationId(),
                roles(member, s.factors()),
                organization.organizationSlug(),
                s.customClaims());
    }

    /** The session's effective roles; see {@link SessionRoles}. */
    static List<String> roles(Member member, List<io.latchkey.api.session.AuthenticationFactor> factors) {
        return SessionRoles.of(member, factors);
    }

    private static SessionRecord withLastAccessed(SessionRecord r, Instant now) {
        return new SessionRecord(
                r.sessionId(),
                r.projectId(),
                r.organizationId(),
                r.memberId(),
                r.startedAt(),
                now,
                r.expiresAt(),
                r.revokedAt(),
                r.factors(),
                r.customClaims(),
                r.updatedAt());
    }

    private static void requireExactlyOne(String a, String b, ErrorType none, ErrorType both, String message) {
        if (a == null && b == null) {
            throw new ApiException(none, message);
        }
        if (a != null && b != null) {
            throw new ApiException(both, message);
        }
    }

    public static ApiException sessionNotFound() {
        return new ApiException(ErrorType.SESSION_NOT_FOUND, "Session not found, expired or revoked.");
    }
}
