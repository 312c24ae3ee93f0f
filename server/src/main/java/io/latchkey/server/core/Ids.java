package io.latchkey.server.core;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ids in hosted Stytch's shape, {@code <kind>-<env>-<uuid>}: clients treat them as opaque, but
 * logs and dashboards look familiar and the environment can be checked.
 */
public final class Ids {
    private static final Pattern UUID_SUFFIX =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Ids() {}

    /** A new id such as {@code organization-test-<uuid>}. */
    public static String newId(String kind, Environment env) {
        return kind + "-" + env.marker() + "-" + UUID.randomUUID();
    }

    /**
     * True when {@code id} has the shape {@code <kind>-<test|live>-<uuid>}. Callers use it to tell
     * an id from a slug or an external id, and to refuse the other environment's ids.
     */
    public static boolean looksLike(String kind, String id) {
        return environmentOf(kind, id) != null;
    }

    /** The environment marked in a well-formed id of this kind, or null when it is not one. */
    public static Environment environmentOf(String kind, String id) {
        if (id == null) {
            return null;
        }
        for (Environment env : Environment.values()) {
            String prefix = kind + "-" + env.marker() + "-";
            if (id.startsWith(prefix)
                    && UUID_SUFFIX.matcher(id.substring(prefix.length())).matches()) {
                return env;
            }
        }
        return null;
    }

    /**
     * Refuses an id minted for the other environment with the contract's error, so a live key can
     * never be pointed at test data by mistake (and vice versa).
     */
    public static void requireEnvironment(String kind, String id, Environment expected) {
        Environment actual = environmentOf(kind, id);
        if (actual != null && actual != expected) {
            throw new ApiException(
                    actual == Environment.TEST
                            ? ErrorType.TEST_ID_USED_IN_LIVE_ENVIRONMENT
                            : ErrorType.LIVE_ID_USED_IN_TEST_ENVIRONMENT,
                    "The " + kind + " id belongs to a " + actual.marker() + " project.");
        }
    }
}
