package io.latchkey.server.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Redirect URL syntax and allow-list matching. An entry matches a candidate when scheme and host
 * are equal, the port is equal (or the entry's port is {@code *}), and the candidate's path is
 * the entry's path or lies below it; the candidate's query string is free.
 *
 * <p>Paths are compared as sent (raw), not decoded: the application that receives the redirect
 * decides what a path means, and servers disagree about {@code ..;}, backslashes and escaped
 * slashes and dots (a servlet container reads {@code /cb/..;/admin} as {@code /admin}, some
 * proxies and frameworks read {@code %5c} or {@code %2f} as a separator). So a path holding any
 * of these, or a dot segment, is refused outright, and the rest is compared after only the
 * normalisation every reader agrees on (RFC 3986 6.2.2: escapes of unreserved characters
 * decoded, the others' hex digits upper case).
 */
public final class RedirectUrls {
    private RedirectUrls() {}

    /** Checks an allow-list entry; returns it unchanged or throws IllegalArgumentException. */
    public static String validateEntry(String entry) {
        parse(entry.replace(":*", ":1"));
        return entry;
    }

    /** True when {@code candidate} is allowed by {@code entry}. */
    public static boolean matches(String entry, String candidate) {
        Parts allowed;
        Parts actual;
        try {
            boolean anyPort = entry.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*:\\*(/.*)?$");
            allowed = parse(anyPort ? entry.replaceFirst(":\\*", ":1") : entry);
            actual = parse(candidate);
            if (anyPort) {
                allowed = new Parts(allowed.scheme, allowed.host, -2, allowed.path);
            }
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!allowed.scheme.equals(actual.scheme) || !allowed.host.equals(actual.host)) {
            return false;
        }
        if (allowed.port != -2 && allowed.port != actual.port) {
            return false;
        }
        String base = allowed.path.endsWith("/") ? allowed.path : allowed.path + "/";
        return allowed.path.isEmpty()
                || allowed.path.equals("/")
                || actual.path.equals(allowed.path)
                || actual.path.startsWith(base);
    }

    private record Parts(String scheme, String host, int port, String path) {}

    private static Parts parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("redirect URL must be http:// or https://: " + url);
            }
            if (uri.getHost() == null || uri.getUserInfo() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("redirect URL must be an absolute URL with a host: " + url);
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            String path = normalisedPath(uri.getRawPath() == null ? "" : uri.getRawPath(), url);
            return new Parts(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + url);
        }
    }

    /**
     * The raw path with escapes of unreserved characters decoded and the others' hex upper case;
     * refuses the forms readers disagree about: {@code ;} (path parameters), a backslash, dot
     * segments, and escapes of {@code /}, a backslash, {@code .}, {@code ;}, {@code %} (double
     * encoding) and control characters.
     */
    private static String normalisedPath(String raw, String url) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ';' || c == '\\') {
                throw new IllegalArgumentException("redirect URL path may not contain ';' or '\\': " + url);
            }
            if (c != '%') {
                out.append(c);
                continue;
            }
            int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
            if (value < 0) {
                throw new IllegalArgumentException("redirect URL path has a broken escape: " + url);
            }
            if (value == '/'
                    || value == '\\'
                    || value == '.'
                    || value == ';'
                    || value == '%'
                    || value < 0x20
                    || value == 0x7f) {
                throw new IllegalArgumentException(
                        "redirect URL path may not escape '/', '\\', '.', ';', '%' or control characters: " + url);
            }
            if (isUnreserved(value)) {
                out.append((char) value);
            } else {
                out.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        String path = out.toString();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("redirect URL path may not contain '.' or '..' segments: " + url);
            }
        }
        return path;
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '~';
    }
}
