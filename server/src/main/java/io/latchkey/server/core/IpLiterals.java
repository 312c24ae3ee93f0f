package io.latchkey.server.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address literals, parsed without ever asking DNS. */
public final class IpLiterals {
    private IpLiterals() {}

    /** The address written in {@code text} (IPv4 dotted or IPv6, brackets allowed), else null. */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 45) {
            return null;
        }
        boolean v4 = t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        boolean v6 =
                t.indexOf(':') >= 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (v4 && !isDottedQuad(t)) {
            return null;
        }
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A literal never triggers a lookup; the checks above keep names out.
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }
}
