package io.latchkey.sdk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The SDK's one JSON configuration. Deliberately more lenient than the server's: snake_case
 * names, unknown response fields ignored and missing primitives defaulted, so a newer server (or
 * hosted Stytch, which returns fields Latchkey does not know) never breaks an older SDK. Requests
 * leave null fields out, which the contract reads as "absent", and keep null map values, which
 * it reads as "delete this key".
 */
final class SdkJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // Null fields are left out, but null map values are kept: in metadata and custom
            // claims a null value is how a caller deletes a key.
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
            .build();

    private SdkJson() {}

    /** Thread-safe once configured, as Jackson documents; shared by every client. */
    static ObjectMapper mapper() {
        return MAPPER;
    }
}
