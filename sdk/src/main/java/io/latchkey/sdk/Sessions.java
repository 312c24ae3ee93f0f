package io.latchkey.sdk;

import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.AuthorizationCheck;
import io.latchkey.api.session.ExchangeResponse;
import io.latchkey.api.session.ExchangeSessionRequest;
import io.latchkey.api.session.GetJwksResponse;
import io.latchkey.api.session.GetSessionsResponse;
import io.latchkey.api.session.MemberSession;
import io.latchkey.api.session.RevokeSessionRequest;
import io.latchkey.api.session.RevokeSessionResponse;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Member sessions: {@code /v1/b2b/sessions}, and local verification of session JWTs.
 *
 * <p>Sync methods throw {@link LatchkeyException}; {@code ...Async} twins complete exceptionally
 * with the same. Thread-safe; obtain it from {@link B2BClient#sessions()}.
 */
public final class Sessions {
    private static final String BASE = "/v1/b2b/sessions";

    private final Transport transport;
    private final JwtVerifier verifier;
    private final String jwksPath;
    private final Rbac rbac;

    Sessions(Transport transport, JwtVerifier verifier, String jwksPath, Rbac rbac) {
        this.rbac = rbac;
        this.transport = transport;
        this.verifier = verifier;
        this.jwksPath = jwksPath;
    }

    /**
     * Checks a session token or JWT with the server ({@code POST /v1/b2b/sessions/authenticate}),
     * optionally extending it, changing its custom claims or checking a permission. The answer
     * always carries a fresh {@code session_jwt}. Builder: {@code
     * Requests.authenticateSession()}.
     *
     * @throws LatchkeyApiException {@code session_not_found} (404) when the session is unknown,
     *     revoked or expired; {@code session_authorization_error} (403) when the check fails
     */
    public AuthenticateSessionResponse authenticate(AuthenticateSessionRequest request) {
        return Transport.await(authenticateAsync(request));
    }

    /** As {@link #authenticate}, without blocking; fails with the same exceptions. */
    public CompletableFuture<AuthenticateSessionResponse> authenticateAsync(AuthenticateSessionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "/authenticate", request, AuthenticateSessionResponse.class);
    }

    /**
     * Verifies a session JWT in-process against the project's JWKS (fetched once and cached; see
     * {@link B2BClient.Builder#jwksRefreshInterval}): RS256 signature by a key of the JWKS, {@code
     * typ} JWT, issuer, audience, {@code exp}/{@code nbf} within the clock tolerance, and, when
     * {@code maxTokenAgeSeconds} is not null, {@code iat} no older than that. No call is made once
     * the keys are cached, so a revoked session's JWT keeps passing here until it expires: bound
     * that window with {@code maxTokenAgeSeconds}, or use {@link #authenticateJwt}.
     *
     * @param jwt the session JWT (e.g. the {@code stytch_session_jwt} cookie); not null
     * @param maxTokenAgeSeconds the oldest {@code iat} accepted, in seconds; null for no bound
     *     beyond {@code exp}
     * @return the session, with {@link JwtAuthentication#verification()} {@code LOCAL}
     * @throws LatchkeyJwtException when the token does not pass, with the {@link
     *     LatchkeyJwtException#reason() reason}
     */
    public JwtAuthentication authenticateJwtLocal(String jwt, Integer maxTokenAgeSeconds) {
        checkMaxAge(maxTokenAgeSeconds);
        return verifier.verify(jwt, maxTokenAgeSeconds);
    }

    /** {@link #authenticateJwtLocal(String, Integer)} with no age bound beyond {@code exp}. */
    public JwtAuthentication authenticateJwtLocal(String jwt) {
        return authenticateJwtLocal(jwt, null);
    }

    /** As {@link #authenticateJwtLocal}, without blocking; fails with the same exceptions. */
    public CompletableFuture<JwtAuthentication> authenticateJwtLocalAsync(String jwt, Integer maxTokenAgeSeconds) {
        checkMaxAge(maxTokenAgeSeconds);
        return verifier.verifyAsync(jwt, maxTokenAgeSeconds);
    }

    /**
     * Verifies a session JWT locally when it can, and asks the server when it cannot: the JWT is
     * older than {@code maxTokenAgeSeconds}, expired, or the JWKS is unreachable. A token refused
     * locally (bad signature, foreign issuer or audience, {@code alg} other than RS256, malformed,
     * or a {@code kid} the JWKS does not hold after a refetch, or while refetches are rate limited)
     * is refused without a call: the server could not make it valid, and whoever can reach the
     * application could otherwise turn every request into a call to the server with made-up
     * tokens. {@code maxTokenAgeSeconds} 0 always asks the server, as the official SDKs do.
     *
     * <p>Use it in a before-handler; when {@link JwtAuthentication#verification()} is {@code
     * REMOTE}, set the returned {@link JwtAuthentication#sessionJwt()} as the new cookie.
     *
     * @param jwt the session JWT; not null
     * @param maxTokenAgeSeconds the oldest JWT trusted without asking the server; null for no bound
     *     beyond {@code exp}
     * @throws LatchkeyJwtException when the token is proved bad locally
     * @throws LatchkeyApiException when the server refuses it ({@code session_not_found}: revoked
     *     or expired session)
     * @throws LatchkeyNetworkException when the server had to be asked and could not be reached
     */
    public JwtAuthentication authenticateJwt(String jwt, Integer maxTokenAgeSeconds) {
        checkMaxAge(maxTokenAgeSeconds);
        if (maxTokenAgeSeconds == null || maxTokenAgeSeconds > 0) {
            try {
                return verifier.verify(jwt, maxTokenAgeSeconds);
            } catch (LatchkeyJwtException e) {
                if (e.reason().isConclusive()) {
                    throw e;
                }
            }
        }
        return remote(authenticate(byJwt(jwt)));
    }

    /**
     * {@link #authenticateJwt(String, Integer)} that also checks a permission, as the official
     * SDKs' {@code authenticateJwt} with an {@code authorization_check}: after a local verification
     * the check is made locally with the cached RBAC policies ({@link Rbac}); when the server is
     * asked, it checks too. Null {@code check}: no permission is checked.
     *
     * @throws LatchkeyApiException also {@code session_authorization_tenancy_error} and {@code
     *     session_authorization_error} (403), from the local check or the server
     */
    public JwtAuthentication authenticateJwt(String jwt, Integer maxTokenAgeSeconds, AuthorizationCheck check) {
        if (check == null) {
            return authenticateJwt(jwt, maxTokenAgeSeconds);
        }
        checkMaxAge(maxTokenAgeSeconds);
        if (maxTokenAgeSeconds == null || maxTokenAgeSeconds > 0) {
            JwtAuthentication local = null;
            try {
                local = verifier.verify(jwt, maxTokenAgeSeconds);
            } catch (LatchkeyJwtException e) {
                if (e.reason().isConclusive()) {
                    throw e;
                }
            }
            if (local != null) {
                rbac.requireAuthorized(local.memberSession(), check);
                return local;
            }
        }
        Objects.requireNonNull(jwt, "jwt");
        return remote(authenticate(new AuthenticateSessionRequest(null, jwt, null, null, check)));
    }

    /** {@link #authenticateJwt(String, Integer)} with no age bound beyond {@code exp}. */
    public JwtAuthentication authenticateJwt(String jwt) {
        return authenticateJwt(jwt, null);
    }

    /** As {@link #authenticateJwt}, without blocking; fails with the same exceptions. */
    public CompletableFuture<JwtAuthentication> authenticateJwtAsync(String jwt, Integer maxTokenAgeSeconds) {
        checkMaxAge(maxTokenAgeSeconds);
        if (maxTokenAgeSeconds != null && maxTokenAgeSeconds == 0) {
            return authenticateAsync(byJwt(jwt)).thenApply(Sessions::remote);
        }
        return verifier.verifyAsync(jwt, maxTokenAgeSeconds).exceptionallyCompose(failure -> {
            Throwable cause = Transport.unwrap(failure);
            if (cause instanceof LatchkeyJwtException e && !e.reason().isConclusive()) {
                return authenticateAsync(byJwt(jwt)).thenApply(Sessions::remote);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The member's active sessions ({@code GET /v1/b2b/sessions?organization_id=&member_id=}).
     *
     * @throws LatchkeyApiException e.g. {@code member_not_found}
     */
    public GetSessionsResponse get(String organizationId, String memberId) {
        return Transport.await(getAsync(organizationId, memberId));
    }

    /** As {@link #get}, without blocking; fails with the same exceptions. */
    public CompletableFuture<GetSessionsResponse> getAsync(String organizationId, String memberId) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(memberId, "memberId");
        return transport.get(
                BASE,
                Transport.query("organization_id", organizationId, "member_id", memberId),
                GetSessionsResponse.class);
    }

    /**
     * Revokes one session (by id, token or JWT) or all of a member's sessions ({@code POST
     * /v1/b2b/sessions/revoke}). Remote checks fail at once afterwards; JWTs already issued keep
     * passing <em>local</em> checks until they expire. Factories: {@code Requests.revokeSession...}.
     */
    public RevokeSessionResponse revoke(RevokeSessionRequest request) {
        return Transport.await(revokeAsync(request));
    }

    /** As {@link #revoke}, without blocking; fails with the same exceptions. */
    public CompletableFuture<RevokeSessionResponse> revokeAsync(RevokeSessionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "/revoke", request, RevokeSessionResponse.class);
    }

    /**
     * Moves a session to another organization the same email belongs to ({@code POST
     * /v1/b2b/sessions/exchange}). When that organization needs a factor the session lacks, {@code
     * member_authenticated} is false and an intermediate session token comes back. Builder: {@code
     * Requests.exchangeSession(organizationId)}.
     */
    public ExchangeResponse exchange(ExchangeSessionRequest request) {
        return Transport.await(exchangeAsync(request));
    }

    /** As {@link #exchange}, without blocking; fails with the same exceptions. */
    public CompletableFuture<ExchangeResponse> exchangeAsync(ExchangeSessionRequest request) {
        Objects.requireNonNull(request, "request");
        return transport.call("POST", BASE + "/exchange", request, ExchangeResponse.class);
    }

    /**
     * The project's public signing keys ({@code GET /v1/b2b/sessions/jwks/{project_id}}, sent
     * without credentials); always fetched, never from the cache local checks use. Useful to hand
     * the keys to another verifier.
     */
    public GetJwksResponse jwks() {
        return Transport.await(jwksAsync());
    }

    /** As {@link #jwks}, without blocking; fails with the same exceptions. */
    public CompletableFuture<GetJwksResponse> jwksAsync() {
        return transport.getPublic(jwksPath, GetJwksResponse.class);
    }

    private static AuthenticateSessionRequest byJwt(String jwt) {
        Objects.requireNonNull(jwt, "jwt");
        return new AuthenticateSessionRequest(null, jwt, null, null, null);
    }

    private static JwtAuthentication remote(AuthenticateSessionResponse response) {
        MemberSession session = response.memberSession();
        Map<String, Object> custom = session == null || session.customClaims() == null
                ? Map.of()
                : Collections.unmodifiableMap(session.customClaims());
        return new JwtAuthentication(
                session, custom, response.sessionJwt(), JwtAuthentication.Verification.REMOTE, response);
    }

    private static void checkMaxAge(Integer maxTokenAgeSeconds) {
        if (maxTokenAgeSeconds != null && maxTokenAgeSeconds < 0) {
            throw new IllegalArgumentException("maxTokenAgeSeconds must be null or at least 0");
        }
    }
}
