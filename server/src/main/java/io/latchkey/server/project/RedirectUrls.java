package io.latchkey.server.project;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Redirect URL syntax and allow-list matching. An entry matches a candidate when scheme and host
 * are equal, the port is equal (or the entry's port is {@code *}), and the candidate's path is
 * the entry's path or lies below it; the candidate's query string is free.
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
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (path.contains("/../") || path.endsWith("/..")) {
        throw new IllegalArgumentException("redirect URL path may not contain '..': " + url);
      }
      return new Parts(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid URL: " + url);
    }
  }
}
