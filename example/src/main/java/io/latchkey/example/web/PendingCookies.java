package io.latchkey.example.web;

import io.javalin.http.Context;
import io.latchkey.api.Redacted;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Intermediate session tokens between the steps of a login: after a first factor when MFA is
 * due ({@code example_mfa}: the organization, the member and the token) and after a discovery
 * link ({@code example_discovery}: the token only). Kept in cookies, never in URLs, so that they
 * do not end up in browser history or logs; HttpOnly and SameSite=Lax like the session cookies,
 * and short-lived: Latchkey's intermediate sessions last 10 minutes, the cookies no longer.
 */
public final class PendingCookies {
    public static final String MFA = "example_mfa";
    public static final String DISCOVERY = "example_discovery";
    static final int MAX_AGE_SECONDS = 10 * 60;

    /** A login waiting for its second factor. */
    public record PendingMfa(String organizationId, String memberId, String intermediateSessionToken) {
        /** The token masked: it is a login in progress. */
        @Override
        public String toString() {
            return Redacted.toString(this);
        }
    }

    private PendingCookies() {}

    public static void setMfa(Context ctx, PendingMfa p) {
        String joined = p.organizationId() + "\n" + p.memberId() + "\n" + p.intermediateSessionToken();
        // Base64url: the ids and the token then need no cookie quoting.
        SessionCookies.add(ctx, MFA, encode(joined), MAX_AGE_SECONDS);
    }

    /** The pending login, or null when there is none (or the cookie was tampered into nonsense). */
    public static PendingMfa mfa(Context ctx) {
        String raw = decode(ctx.cookie(MFA));
        if (raw == null) {
            return null;
        }
        String[] parts = raw.split("\n", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        // Not trusted beyond the token: Latchkey refuses a token that is not this member's.
        return new PendingMfa(parts[0], parts[1], parts[2]);
    }

    public static void setDiscovery(Context ctx, String intermediateSessionToken) {
        SessionCookies.add(ctx, DISCOVERY, encode(intermediateSessionToken), MAX_AGE_SECONDS);
    }

    public static String discovery(Context ctx) {
        return decode(ctx.cookie(DISCOVERY));
    }

    public static void clearMfa(Context ctx) {
        SessionCookies.add(ctx, MFA, "", 0);
    }

    public static void clearDiscovery(Context ctx) {
        SessionCookies.add(ctx, DISCOVERY, "", 0);
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cookie) {
        if (cookie == null || cookie.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cookie), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
