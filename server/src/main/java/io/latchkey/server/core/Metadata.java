package io.latchkey.server.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code trusted_metadata} / {@code untrusted_metadata}: a JSON object of at most 20 top-level
 * keys and 4 KB. Updates merge at the top level; a key set to null is deleted; nested values are
 * replaced wholesale. The limits apply to the result, so a merge may not grow past them.
 */
public final class Metadata {
    public static final int MAX_KEYS = 20;
    public static final int MAX_BYTES = 4096;

    private Metadata() {}

    /** The metadata a new object starts with; null means none. Null values are dropped. */
    public static Map<String, Object> initial(Map<String, Object> given, String field) {
        return merge(Map.of(), given, field);
    }

    /**
     * {@code stored} with {@code patch} merged in; a null patch changes nothing.
     *
     * @throws ApiException metadata_too_many_keys, metadata_too_large, metadata_invalid_format
     */
    public static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> patch, String field) {
        Map<String, Object> out = new LinkedHashMap<>(stored);
        if (patch == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isEmpty() || key.length() > 256 || Text.hasControlCharacters(key)) {
                throw new ApiException(
                        ErrorType.METADATA_INVALID_FORMAT, field + " keys must be 1-256 printable characters.");
            }
            if (e.getValue() == null) {
                out.remove(key);
            } else {
                out.put(key, e.getValue());
            }
        }
        if (out.size() > MAX_KEYS) {
            throw new ApiException(
                    ErrorType.METADATA_TOO_MANY_KEYS, field + " may have at most " + MAX_KEYS + " top-level keys.");
        }
        if (JsonText.utf8Size(out) > MAX_BYTES) {
            throw new ApiException(
                    ErrorType.METADATA_TOO_LARGE, field + " may be at most " + MAX_BYTES + " bytes of JSON.");
        }
        return out;
    }
}
