package io.latchkey.server.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.api.member.Member;
import io.latchkey.api.member.MemberRole;
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
import io.latchkey.server.rbac.Permissions;
import io.latchkey.server.rbac.PolicyService;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Member sessions: minting, checking, listing and revoking. Thread-safe.
 *
 * <p>The hot path is {@link #authenticate}. Signing a JWT costs about a millisecond of CPU and a
 * durable write far more than a read, so a check reads the session (revocation takes effect on
 * the very next call), reuses a JWT minted for the same unchanged session within {@link
 * #JWT_REUSE}, and moves last_accessed_at at most once per {@link #TOUCH_INTERVAL}.
 */
public final class SessionService {
  static final Duration JWT_REUSE = Duration.ofSeconds(60);
  static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);

  private final Database db;
  private final SessionStore store;
  private final OrganizationService organizations;
  private final MemberService members;
  private final SessionJwts jwts;
  private final Clock clock;
  private final PolicyService policies;
  private final Cache<String, CachedJwt> recentJwts =
      Caffeine.newBuilder().maximumSize(JWT_REUSE_CACHE_SIZE).expireAfterWrite(JWT_REUSE).build();
  /**
   * Sessions checked within a minute on one node whose JWT is kept for reuse: about 1.5 KiB each,
   * so at most ~75 MiB; past it a session's JWT is minted again (bounded by signing, ~1 ms each).
   */
  static final int JWT_REUSE_CACHE_SIZE = 50_000;

  /** A JWT minted for a session in a given state; reused only while that state is unchanged. */
  private record CachedJwt(String jwt, Instant mintedAt, String fingerprint) {}

  public SessionService(
      Database db, SessionStore store, OrganizationService organizations, MemberService members,
      SessionJwts jwts, Clock clock, PolicyService policies) {
    this.policies = Objects.requireNonNull(policies);
    this.db = db;
    this.store = store;
    this.organizations = organizations;
    this.members = members;
    this.jwts = jwts;
    this.clock = clock;
  }

  /**
   * Creates a session in the caller's transaction. The caller has already decided that the
   * factors suffice (see {@link MfaRequirement}).
   */
  public NewSession create(
      Tx tx, Project project, Member member, Organization organization,
      List<AuthenticationFactor> factors, Integer durationMinutes, Map<String, Object> customClaims) {
    Duration duration = SessionDurations.orDefault(durationMinutes);
    Instant now = Timestamps.truncate(clock.instant());
    SessionRecord record = new SessionRecord(
        Ids.newId("member-session", project.environment()), project.projectId(),
        organization.organizationId(), member.memberId(), now, now, now.plus(duration), null,
        List.copyOf(factors), CustomClaims.merge(Map.of(), customClaims), now);
    String token = Tokens.newToken();
    store.insert(tx, record, Tokens.hash(token));
    return new NewSession(record, token, member, organization);
  }

  /** The API view and a JWT for a session written by {@link #create}; call after the commit. */
  public MintedSession mint(Project project, NewSession session) {
    return new MintedSession(
        view(session.record(), session.member(), session.organization()),
        session.sessionToken(),
        jwtFor(project, session.record(), session.member(), session.organization()));
  }

  /**
   * Adds {@code factor} to the member's existing session named by token or JWT (in the caller's
   * transaction), extending it when a duration is given. Empty when the session is not the
   * member's or not alive: the caller then creates a new one.
   */
  public java.util.Optional<NewSession> attachFactor(
      Tx tx, Project project, String sessionToken, String sessionJwt, Member member,
      Organization organization, AuthenticationFactor factor, Integer durationMinutes,
      Map<String, Object> customClaims) {
    if (sessionToken == null && sessionJwt == null) {
      return java.util.Optional.empty();
    }
    Instant now = Timestamps.truncate(clock.instant());
    SessionRecord existing;
    try {
      // Read again by id, locked: the factors and claims are merged into the stored ones and
      // written back, so a concurrent change of the session must not be written over.
      String sessionId = find(tx, project, sessionToken, sessionJwt).sessionId();
      existing = store.findByIdForUpdate(tx, project.projectId(), sessionId).orElseThrow(SessionService::sessionNotFound);
    } catch (ApiException e) {
      return java.util.Optional.empty();
    }
    if (!existing.memberId().equals(member.memberId()) || !existing.isAlive(now)) {
      return java.util.Optional.empty();
    }
    List<AuthenticationFactor> factors = new ArrayList<>(existing.factors());
    factors.removeIf(f -> f.type().equals(factor.type()) && f.deliveryMethod().equals(factor.deliveryMethod()));
    factors.add(factor);
    Instant expires = durationMinutes == null ? existing.expiresAt() : now.plus(SessionDurations.validated(durationMinutes));
    SessionRecord updated = new SessionRecord(
        existing.sessionId(), existing.projectId(), existing.organizationId(), existing.memberId(),
        existing.startedAt(), now, expires, null, factors,
        CustomClaims.merge(existing.customClaims(), customClaims), now);
    store.update(tx, updated);
    return java.util.Optional.of(new NewSession(updated, sessionToken == null ? "" : sessionToken, member, organization));
  }

  /** {@code POST /v1/b2b/sessions/authenticate}. */
  public AuthenticateSessionResponse authenticate(Project project, AuthenticateSessionRequest request) {
    requireExactlyOne(request.sessionToken(), request.sessionJwt(),
        ErrorType.NO_SESSION_ARGUMENTS, ErrorType.TOO_MANY_SESSION_ARGUMENTS,
        "Pass exactly one of session_token and session_jwt.");
    Duration newDuration = request.sessionDurationMinutes() == null
        ? null : SessionDurations.validated(request.sessionDurationMinutes());
    Instant now = Timestamps.truncate(clock.instant());

    // The signature is checked before a connection is taken; then reads, outside any write lock:
    // most checks change nothing.
    String jwtSessionId = request.sessionToken() == null
        ? jwts.verify(project, request.sessionJwt(), true).sessionId() : null;
    Loaded loaded = db.read(tx -> load(tx, project, request.sessionToken(), jwtSessionId, now));
    SessionRecord record = loaded.record;
    AuthorizationVerdict verdict = authorize(project, request.authorizationCheck(), loaded);

    boolean changes = newDuration != null
        || (request.sessionCustomClaims() != null && !request.sessionCustomClaims().isEmpty());
    if (changes) {
      // The change starts from the stored session, read again and locked, not from the read
      // above: a concurrent change of its claims or factors would otherwise be written over.
      record = db.inTransaction(tx -> {
        SessionRecord current = store.findByIdForUpdate(tx, project.projectId(), loaded.record.sessionId())
            .filter(s -> s.isAlive(now))
            .orElseThrow(SessionService::sessionNotFound);
        SessionRecord updated = new SessionRecord(
            current.sessionId(), current.projectId(), current.organizationId(), current.memberId(),
            current.startedAt(), now, newDuration == null ? current.expiresAt() : now.plus(newDuration),
            null, current.factors(), CustomClaims.merge(current.customClaims(), request.sessionCustomClaims()), now);
        if (!store.update(tx, updated)) {
          throw sessionNotFound();
        }
        return updated;
      });
    } else if (record.lastAccessedAt().isBefore(now.minus(TOUCH_INTERVAL))) {
      db.useTransaction(tx -> store.touch(tx, project.projectId(), loaded.record.sessionId(), now, now.minus(TOUCH_INTERVAL)));
      record = withLastAccessed(record, now);
    }
    String jwt = jwtFor(project, record, loaded.member, loaded.organization);
    return new AuthenticateSessionResponse(
        null, view(record, loaded.member, loaded.organization),
        request.sessionToken() == null ? "" : request.sessionToken(), jwt,
        loaded.member, loaded.organization, 200, verdict);
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
      Project project, String sessionToken, String sessionJwt, String organizationId, String resourceId,
      List<String> actions) {
    Instant now = Timestamps.truncate(clock.instant());
    String token = sessionToken;
    String jwtSessionId = token == null ? jwts.verify(project, sessionJwt, true).sessionId() : null;
    Loaded loaded = db.read(tx -> load(tx, project, token, jwtSessionId, now));
    Organization org = loaded.organization;
    if (!organizationId.equals(org.organizationId()) && !organizationId.equals(org.organizationSlug())) {
      throw new ApiException(ErrorType.SESSION_AUTHORIZATION_TENANCY_ERROR,
          "OrganizationID in AuthorizationCheck request does not match session's Organization ID.");
    }
    for (String action : actions) {
      authorize(project, new AuthorizationCheck(organizationId, resourceId, action), loaded);
    }
    return loaded.member;
  }

  /** {@code GET /v1/b2b/sessions}: the member's standing sessions. */
  public GetSessionsResponse list(Project project, String organizationId, String memberId) {
    if (organizationId == null || memberId == null) {
      throw new ApiException(ErrorType.BAD_REQUEST, "organization_id and member_id are required.");
    }
    return db.read(tx -> {
      Organization organization = organizations.resolve(tx, project, organizationId);
      Member member = members.findById(tx, project, organization, memberId)
          .orElseThrow(() -> new ApiException(ErrorType.MEMBER_NOT_FOUND, "No such member in this organization."));
      List<MemberSession> sessions = store
          .listAlive(tx, project.projectId(), organization.organizationId(), member.memberId(), clock.instant())
          .stream().map(s -> view(s, member, organization)).toList();
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
    long given = java.util.stream.Stream.of(
            request.memberSessionId(), request.sessionToken(), request.sessionJwt(), request.memberId())
        .filter(Objects::nonNull).count();
    if (given == 0) {
      throw new ApiException(ErrorType.NO_SESSION_REVOKE_ARGUMENTS,
          "Pass one of member_session_id, session_token, session_jwt or member_id.");
    }
    if (given > 1) {
      throw new ApiException(ErrorType.TOO_MANY_SESSION_REVOKE_ARGUMENTS,
          "Pass only one of member_session_id, session_token, session_jwt or member_id.");
    }
    Instant now = clock.instant();
    if (request.memberId() != null) {
      // Refuses an id that is not a member of this project (member_not_found).
      Member target = members.dangerouslyGet(project, request.memberId(), false).member();
      authorizer.authorize(target.organizationId(), target.memberId());
    } else {
      SessionRecord target = db.read(tx -> request.memberSessionId() != null
          ? findById(tx, project, request.memberSessionId())
          : find(tx, project, request.sessionToken(), request.sessionJwt()));
      authorizer.authorize(target.organizationId(), target.memberId());
    }
    db.useTransaction(tx -> {
      if (request.memberId() != null) {
        store.revokeAllOfMember(tx, project.projectId(), request.memberId(), now);
        return;
      }
      SessionRecord record = request.memberSessionId() != null
          ? findById(tx, project, request.memberSessionId())
          : find(tx, project, request.sessionToken(), request.sessionJwt());
      if (!record.isAlive(now) || store.revoke(tx, project.projectId(), record.sessionId(), now) == 0) {
        throw sessionNotFound();
      }
      recentJwts.invalidate(record.sessionId());
    });
    return RevokeSessionResponse.ok();
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
    SessionRecord record = find(tx, project, sessionToken, sessionJwt);
    if (!record.isAlive(clock.instant())) {
      throw sessionNotFound();
    }
    return record;
  }

  // ---- internals

  private record Loaded(SessionRecord record, Member member, Organization organization) {}

  /**
   * The session a check names, its organization and its member, in one point select while this
   * node's organization and member caches are current (see {@link SessionStore#findForCheck}).
   * {@code jwtSessionId} is the session id of an already verified JWT, or null for a token.
   */
  private Loaded load(Tx tx, Project project, String token, String jwtSessionId, Instant now) {
    SessionUnderCheck check = (jwtSessionId != null
            ? store.findForCheck(tx, project.projectId(), jwtSessionId, true)
            : store.findForCheck(tx, project.projectId(), Tokens.hash(token), false))
        .orElseThrow(SessionService::sessionNotFound);
    SessionRecord record = check.record();
    if (!record.isAlive(now) || !"active".equals(check.memberStatus())) {
      throw sessionNotFound();
    }
    Organization organization = organizations
        .findAtVersion(tx, project, record.organizationId(), check.organizationVersion())
        .orElseThrow(SessionService::sessionNotFound);
    Member member = members
        .findAtVersion(tx, project, organization, record.memberId(), check.memberVersion())
        .filter(m -> "active".equals(m.status()))
        .orElseThrow(SessionService::sessionNotFound);
    return new Loaded(record, member, organization);
  }

  /**
   * The session with this id. Only a well-formed session id is looked up: anything else (a NUL,
   * which PostgreSQL cannot even compare, or any other junk) is simply not found.
   */
  private SessionRecord findById(Tx tx, Project project, String sessionId) {
    if (!Ids.looksLike("member-session", sessionId)) {
      throw sessionNotFound();
    }
    return store.findById(tx, project.projectId(), sessionId).orElseThrow(SessionService::sessionNotFound);
  }

  private SessionRecord find(Tx tx, Project project, String token, String jwt) {
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

  /**
   * The check the official SDKs make locally, made here: the organization must be the session's
   * (by id or slug), and one of the member's roles, defined by the project policy or the
   * organization, must allow the action on the resource.
   */
  private AuthorizationVerdict authorize(Project project, AuthorizationCheck check, Loaded loaded) {
    if (check == null) {
      return null;
    }
    if (check.organizationId() == null || check.resourceId() == null || check.action() == null) {
      throw new ApiException(ErrorType.BAD_REQUEST,
          "authorization_check needs organization_id, resource_id and action.");
    }
    Organization org = loaded.organization;
    if (!check.organizationId().equals(org.organizationId()) && !check.organizationId().equals(org.organizationSlug())) {
      throw new ApiException(ErrorType.SESSION_AUTHORIZATION_TENANCY_ERROR,
          "OrganizationID in AuthorizationCheck request does not match session's Organization ID.");
    }
    List<String> granting = Permissions.granting(
        policies.current(project.projectId()).roles(), PolicyService.organizationRoles(org),
        roles(loaded.member), check.resourceId(), check.action());
    if (granting.isEmpty()) {
      throw new ApiException(ErrorType.SESSION_AUTHORIZATION_ERROR,
          "The Member is not authorized to perform the requested action on that resource.");
    }
    return new AuthorizationVerdict(true, granting);
  }

  private String jwtFor(Project project, SessionRecord record, Member member, Organization organization) {
    List<String> roles = roles(member);
    // Everything the JWT says about the session; another node's change shows in updated_at.
    String fingerprint = record.updatedAt().toEpochMilli() + "|" + record.expiresAt().toEpochMilli()
        + "|" + record.customClaims().hashCode() + "|" + record.factors().hashCode() + "|" + member.updatedAt()
        + "|" + organization.organizationSlug() + "|" + String.join(",", roles);
    Instant now = clock.instant();
    CachedJwt cached = recentJwts.getIfPresent(record.sessionId());
    if (cached != null && cached.fingerprint.equals(fingerprint)
        && cached.mintedAt.isAfter(now.minus(JWT_REUSE)) && !cached.mintedAt.isAfter(now)) {
      return cached.jwt;
    }
    String jwt = jwts.mint(project, new SessionClaims(
        record.sessionId(), record.memberId(), organization.organizationId(), organization.organizationSlug(),
        record.startedAt(), record.lastAccessedAt(), record.expiresAt(), null, null, record.factors(),
        roles, record.customClaims()));
    recentJwts.put(record.sessionId(), new CachedJwt(jwt, now, fingerprint));
    return jwt;
  }

  private static MemberSession view(SessionRecord s, Member member, Organization organization) {
    return new MemberSession(
        s.sessionId(), s.memberId(), Timestamps.format(s.startedAt()), Timestamps.format(s.lastAccessedAt()),
        Timestamps.format(s.expiresAt()), s.factors(), s.organizationId(), roles(member),
        organization.organizationSlug(), s.customClaims());
  }

  /** The session's effective roles: every member holds stytch_member, plus its assigned roles. */
  static List<String> roles(Member member) {
    Set<String> roles = new LinkedHashSet<>();
    roles.add(io.latchkey.server.rbac.DefaultPolicy.MEMBER_ROLE);
    for (MemberRole role : member.roles()) {
      roles.add(role.roleId());
    }
    return List.copyOf(roles);
  }

  private static SessionRecord withLastAccessed(SessionRecord r, Instant now) {
    return new SessionRecord(r.sessionId(), r.projectId(), r.organizationId(), r.memberId(), r.startedAt(),
        now, r.expiresAt(), r.revokedAt(), r.factors(), r.customClaims(), r.updatedAt());
  }

  private static void requireExactlyOne(
      String a, String b, ErrorType none, ErrorType both, String message) {
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
