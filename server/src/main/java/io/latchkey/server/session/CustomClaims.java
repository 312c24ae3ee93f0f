package io.latchkey.server.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A session's custom claims: set by authenticate calls, carried as top-level JWT claims. They
 * may not shadow the registered JWT claims nor Stytch's own namespace, and stay small because
 * they ride along in every JWT.
 */
final class CustomClaims {
    static final int MAX_BYTES = 4096;
    private static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti");

    private CustomClaims() {}

    /**
     * {@code updates} merged into {@code current} at the top level; a null value removes the
     * claim. Returns a new map; neither argument is changed.
     */
    static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> updates) {
        Map<String, Object> merged = new LinkedHashMap<>(current == null ? Map.of() : current);
        if (updates == null) {
            return merged;
        }
        for (Map.Entry<String, Object> e : updates.entrySet()) {
            String name = e.getKey();
            if (RESERVED.contains(name)) {
                throw new ApiException(
                        ErrorType.RESERVED_CLAIMS_IN_CUSTOM_CLAIMS,
                        "session_custom_claims may not set the registered claim '" + name + "'.");
            }
            if (name.startsWith("https://stytch.com/")) {
                throw new ApiException(
                        ErrorType.STYTCH_CLAIMS_IN_CUSTOM_CLAIMS,
                        "session_custom_claims may not use the https://stytch.com/ namespace.");
            }
            if (e.getValue() == null) {
                merged.remove(name);
            } else {
                merged.put(name, e.getValue());
            }
        }
        try {
            if (Json.mapper().writeValueAsString(merged).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
                throw new ApiException(
                        ErrorType.CUSTOM_CLAIMS_TOO_LARGE, "session_custom_claims may be at most 4 KB as JSON.");
            }
        } catch (JsonProcessingException ex) {
            throw new ApiException(
                    ErrorType.UNABLE_TO_REPRESENT_CUSTOM_CLAIMS_JSON,
                    "session_custom_claims is not representable as JSON.");
        }
        return merged;
    }
}
