package io.latchkey.server.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Domain names in organization settings: syntax, and the public mail providers we refuse. */
public final class Domains {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Public mailbox providers (and disposable mail services): allowing one of these as an
     * organization's email domain would let anybody with a free account join, so Stytch refuses
     * them and so do we. A maintained list, bundled with its source and licence in the resource.
     */
    private static final Set<String> TOO_COMMON = load("/public-mail-domains.txt");

    private Domains() {}

    /** True for a syntactically valid, lower-case, multi-label domain name. */
    public static boolean isValid(String domain) {
        if (domain == null || domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // The top-level label is never all digits: that would be an IP address.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** Lower-cases a domain and drops a leading {@code @} that callers often paste in. */
    public static String normalize(String domain) {
        String d = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        return d.startsWith("@") ? d.substring(1) : d;
    }

    public static boolean isTooCommon(String domain) {
        return TOO_COMMON.contains(domain);
    }

    private static Set<String> load(String resource) {
        InputStream in = Domains.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the server's classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Set<String> domains = new HashSet<>();
            reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> domains.add(l.toLowerCase(Locale.ROOT)));
            return Set.copyOf(domains);
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " is unreadable", e);
        }
    }
}
