package io.latchkey.server.organization;

import io.latchkey.server.core.Ids;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Slugs derived from organization names when the caller gives none: "Acme, Inc." becomes
 * {@code acme-inc}. Accents are folded, everything outside the slug alphabet becomes '-'.
 */
final class Slugs {
    private static final int MAX_BASE = 100;

    private Slugs() {}

    /** A valid slug (2-100 characters) from {@code name}; callers add a suffix when it is taken. */
    static String fromName(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        String slug = folded.replaceAll("[^a-z0-9._~]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (slug.length() > MAX_BASE) {
            slug = slug.substring(0, MAX_BASE).replaceAll("[-.]+$", "");
        }
        if (slug.isEmpty()) {
            return "organization";
        }
        // Too short, or shaped like an organization id (which would resolve as an id, not a slug).
        if (slug.length() < 2 || Ids.looksLike("organization", slug)) {
            slug = "org-" + slug;
        }
        return slug;
    }

    /** The {@code n}th alternative when the base is taken: {@code acme-2}, {@code acme-3}, ... */
    static String withSuffix(String base, int n) {
        return base + "-" + n;
    }
}
