package io.latchkey.server.mfa;

import io.latchkey.server.project.Project;
import java.time.Instant;

/**
 * One counted guess at a factor, from {@link MfaAttemptService#begin} to its outcome.
 *
 * @param last true when this attempt took the last slot: if it fails, the factor is locked
 *     until {@code lockedUntil}
 */
public record Attempt(
        Project project,
        String organizationId,
        String memberId,
        MfaFactor factor,
        boolean last,
        Instant startedAt,
        Instant lockedUntil) {}
