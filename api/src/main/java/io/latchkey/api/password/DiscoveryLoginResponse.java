package io.latchkey.api.password;

import io.latchkey.api.Redacted;
import io.latchkey.api.discovery.DiscoveredOrganization;
import java.util.List;

/**
 * Answer of passwords.discovery.authenticate and passwords.discovery.email.reset: an
 * intermediate session bound to the email only, and the organizations it can go to.
 * {@code intermediateSessionTokenExpiresAt} is RFC 3339.
 */
public record DiscoveryLoginResponse(
        String requestId,
        String emailAddress,
        String intermediateSessionToken,
        List<DiscoveredOrganization> discoveredOrganizations,
        int statusCode,
        String intermediateSessionTokenExpiresAt) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static DiscoveryLoginResponse of(
            String emailAddress,
            String intermediateSessionToken,
            String expiresAt,
            List<DiscoveredOrganization> found) {
        return new DiscoveryLoginResponse(null, emailAddress, intermediateSessionToken, found, 200, expiresAt);
    }

    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
