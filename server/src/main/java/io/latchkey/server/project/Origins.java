package io.latchkey.server.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Web origins ({@code scheme://host[:port]}) as browsers send them in {@code Origin}: compared
 * after lower-casing scheme and host and dropping the scheme's default port, and nothing else.
 */
public final class Origins {
    private Origins() {}

    /** Checks an origin for the allow-list; returns its normal form or throws IllegalArgumentException. */
    public static String validate(String origin) {
        String normal = normalise(origin);
        if (normal == null) {
            throw new IllegalArgumentException(
                    "an origin is http:// or https://, a host and an optional port, with no path, query or user: "
                            + origin);
        }
        return normal;
    }

    /** The normal form, or null when {@code origin} is not an http(s) origin. */
    static String normalise(String origin) {
        if (origin == null || origin.length() > 300 || origin.endsWith("/")) {
            return null;
        }
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return null;
            }
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
