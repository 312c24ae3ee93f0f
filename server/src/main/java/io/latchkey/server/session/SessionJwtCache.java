package io.latchkey.server.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.api.member.Member;
import io.latchkey.api.organization.Organization;
import io.latchkey.server.project.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Session JWTs, reused for an unchanged session for up to {@link #JWT_REUSE}: signing costs about
 * a millisecond of CPU, and the hot path would otherwise sign on every check. Thread-safe.
 *
 * <p>Each JWT is reused for a span drawn between {@link #JWT_REUSE} less {@link #REUSE_SPREAD} and
 * {@link #JWT_REUSE}. With one fixed span, the sessions checked right after a start were signed
 * again all together every minute, for as long as they were checked: a wave of 4,000 signatures
 * that took most of two cores for seconds in the load benchmark (bench/load/README.md). Drawn
 * spans scatter those waves within a few minutes.
 */
final class SessionJwtCache {
    static final Duration JWT_REUSE = Duration.ofSeconds(60);
    static final Duration REUSE_SPREAD = Duration.ofSeconds(20);
    /**
     * Sessions checked within a minute on one node whose JWT is kept for reuse: about 1.5 KiB each,
     * so at most ~30 MiB of the launcher's -Xmx256m (docs/OPERATIONS.md, Sizing); past it a
     * session's JWT is minted again (bounded by signing, ~1 ms each).
     */
    static final int JWT_REUSE_CACHE_SIZE = 20_000;

    private final SessionJwts jwts;
    private final Clock clock;
    private final Cache<String, CachedJwt> recentJwts = Caffeine.newBuilder()
            .maximumSize(JWT_REUSE_CACHE_SIZE)
            .expireAfterWrite(JWT_REUSE)
            .build();

    /**
     * A JWT minted for a session in a given state; reused only while that state is unchanged, and
     * until {@code reuseUntil}.
     */
    private record CachedJwt(String jwt, Instant mintedAt, Instant reuseUntil, String fingerprint) {}

    SessionJwtCache(SessionJwts jwts, Clock clock) {
        this.jwts = jwts;
        this.clock = clock;
    }

    String jwtFor(Project project, SessionRecord record, Member member, Organization organization) {
        List<String> roles = SessionService.roles(member, record.factors());
        // Everything the JWT says about the session; another node's change shows in updated_at.
        String fingerprint =
                record.updatedAt().toEpochMilli() + "|" + record.expiresAt().toEpochMilli()
                        + "|" + record.customClaims().hashCode() + "|"
                        + record.factors().hashCode() + "|" + member.updatedAt()
                        + "|" + organization.organizationSlug() + "|" + String.join(",", roles);
        Instant now = clock.instant();
        CachedJwt cached = recentJwts.getIfPresent(record.sessionId());
        if (cached != null
                && cached.fingerprint.equals(fingerprint)
                && now.isBefore(cached.reuseUntil)
                && !cached.mintedAt.isAfter(now)) {
            return cached.jwt;
        }
        String jwt = jwts.mint(
                project,
                new SessionClaims(
                        record.sessionId(),
                        record.memberId(),
                        organization.organizationId(),
                        organization.organizationSlug(),
                        record.startedAt(),
                        record.lastAccessedAt(),
                        record.expiresAt(),
                        null,
                        null,
                        record.factors(),
                        roles,
                        record.customClaims()));
        long spreadMillis = ThreadLocalRandom.current().nextLong(REUSE_SPREAD.toMillis());
        Instant reuseUntil = now.plus(JWT_REUSE).minusMillis(spreadMillis);
        recentJwts.put(record.sessionId(), new CachedJwt(jwt, now, reuseUntil, fingerprint));
        return jwt;
    }

    /** Forgets the session's JWT (revoked on this node). */
    void invalidate(String sessionId) {
        recentJwts.invalidate(sessionId);
    }
}
