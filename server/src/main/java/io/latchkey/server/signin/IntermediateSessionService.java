package io.latchkey.server.signin;

import io.latchkey.api.session.AuthenticationFactor;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.Project;
import io.latchkey.server.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Intermediate session tokens (ISTs): proof of a completed primary factor, short-lived, stored
 * only as a hash, and consumed when exchanged, so a chain of use never forks.
 */
public final class IntermediateSessionService {
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final IntermediateSessionStore store;
    private final Clock clock;

    public IntermediateSessionService(IntermediateSessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Issues a new IST in the caller's transaction. */
    public IssuedIntermediateSession issue(
            Tx tx,
            Project project,
            String organizationId,
            String memberId,
            String email,
            List<AuthenticationFactor> factors) {
        Instant now = Timestamps.truncate(clock.instant());
        String token = Tokens.newToken();
        IntermediateSession ist = new IntermediateSession(
                project.projectId(), organizationId, memberId, email, factors, now, now.plus(LIFETIME));
        store.insert(tx, ist, Tokens.hash(token));
        return new IssuedIntermediateSession(token, ist.expiresAt());
    }

    /** The usable IST behind {@code token}, without consuming it. */
    public IntermediateSession find(Tx tx, Project project, String token) {
        return store.findUsable(tx, project.projectId(), Tokens.hash(token), clock.instant())
                .orElseThrow(IntermediateSessionService::notFound);
    }

    /**
     * Consumes the IST behind {@code token} and returns it; a second consumption, even a
     * concurrent one, fails.
     */
    public IntermediateSession consume(Tx tx, Project project, String token) {
        IntermediateSession ist = find(tx, project, token);
        if (!store.consume(tx, project.projectId(), Tokens.hash(token), clock.instant())) {
            throw notFound();
        }
        return ist;
    }

    /** Ends the member's outstanding intermediate sessions, in the caller's transaction. */
    public void expireForMember(Tx tx, String projectId, String memberId) {
        store.expireForMember(tx, projectId, memberId, Timestamps.truncate(clock.instant()));
    }

    private static ApiException notFound() {
        return new ApiException(
                ErrorType.INTERMEDIATE_SESSION_NOT_FOUND,
                "The intermediate_session_token is unknown, expired or already used.");
    }
}
