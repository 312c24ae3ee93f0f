package io.latchkey.server.discovery;

import io.latchkey.api.session.AuthenticationFactor;
import java.util.List;

/**
 * What the caller has shown: factors completed for {@code email}, possibly bound to one
 * organization (an organization-bound intermediate session, or a member session).
 *
 * @param boundOrganizationId null for a discovery intermediate session, bound to the email only
 */
record Proof(String email, String boundOrganizationId, List<AuthenticationFactor> factors) {

    /**
     * The factors that count in {@code organizationId}. Everything counts where the proof was made
     * (or when it was made for no organization); elsewhere only proofs about the email carry over,
     * as in sessions.exchange: a second factor belongs to the membership it was completed for.
     */
    List<AuthenticationFactor> factorsFor(String organizationId) {
        if (boundOrganizationId == null || boundOrganizationId.equals(organizationId)) {
            return factors;
        }
        return emailFactors();
    }

    /** The factors that prove control of the email, wherever they were completed. */
    List<AuthenticationFactor> emailFactors() {
        return factors.stream().filter(this::provesEmail).toList();
    }

    /** True when one of {@code factors} proves control of the email (magic link, email OTP). */
    boolean verifiesEmail(List<AuthenticationFactor> factors) {
        return factors.stream().anyMatch(this::provesEmail);
    }

    private boolean provesEmail(AuthenticationFactor f) {
        return f.emailFactor() != null && f.emailFactor().emailAddress().equalsIgnoreCase(email);
    }
}
