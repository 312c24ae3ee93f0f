package io.latchkey.api.discovery;

import io.latchkey.api.Redacted;
import java.util.List;

/**
 * A completed discovery link: an intermediate session token bound to the email only, and the
 * organizations that email can go to. {@code intermediateSessionTokenExpiresAt} is RFC 3339.
 */
public record AuthenticateDiscoveryMagicLinkResponse(
        String requestId,
        String intermediateSessionToken,
        String emailAddress,
        List<DiscoveredOrganization> discoveredOrganizations,
        int statusCode,
        String intermediateSessionTokenExpiresAt) {
    /** A 200 answer; the request id is filled in by the server's web layer. */
    public static AuthenticateDiscoveryMagicLinkResponse of(
            String intermediateSessionToken,
            String intermediateSessionTokenExpiresAt,
            String emailAddress,
            List<DiscoveredOrganization> discoveredOrganizations) {
        return new AuthenticateDiscoveryMagicLinkResponse(
                null,
                intermediateSessionToken,
                emailAddress,
                discoveredOrganizations,
                200,
                intermediateSessionTokenExpiresAt);
    }

    /** Secrets masked: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return Redacted.toString(this);
    }
}
