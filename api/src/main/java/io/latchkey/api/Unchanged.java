package io.latchkey.api;

import java.util.List;
import java.util.Map;

/**
 * How update requests read their list and map fields: empty means "unchanged", exactly like
 * absent or null. Stytch's official Java SDK sends {@code []} / {@code {}} for every list and map
 * argument its caller did not set, so reading an empty value as "clear" would wipe settings on
 * every update made through it. The update records pass such fields through here in their
 * constructors, so code reading them sees one form of "unchanged": null. Stateless.
 */
public final class Unchanged {
    private Unchanged() {}

    /** {@code value}, or null when it is null or empty. */
    public static <T> List<T> ifEmpty(List<T> value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@code value}, or null when it is null or empty. */
    public static <K, V> Map<K, V> ifEmpty(Map<K, V> value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
