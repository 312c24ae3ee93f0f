package io.latchkey.server.signin;

import io.latchkey.api.session.AuthenticationFactor;
import java.time.Instant;
import java.util.List;

/**
 * A completed primary factor waiting for what comes next (a second factor, or the choice of an
 * organization). {@code organizationId}/{@code memberId} are null when it is bound to an email
 * only (discovery).
 */
public record IntermediateSession(
        String projectId,
        String organizationId,
        String memberId,
        String emailAddress,
        List<AuthenticationFactor> factors,
        Instant createdAt,
        Instant expiresAt) {}
