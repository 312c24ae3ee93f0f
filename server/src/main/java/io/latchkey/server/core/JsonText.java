package io.latchkey.server.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * JSON as text for storage (metadata, list settings in {@code TEXT} columns) and for measuring
 * metadata size. Separate from the web layer's mapper so stores need not depend on HTTP code;
 * snake_case like the wire, so a stored value reads the same as the API shows it. Thread-safe.
 */
public final class JsonText {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private JsonText() {}

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("value cannot be written as JSON", e);
        }
    }

    /** Size of the compact JSON form in UTF-8 bytes: what metadata limits are measured in. */
    public static int utf8Size(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8).length;
    }

    public static Map<String, Object> readMap(String json) {
        return read(json, MAP);
    }

    public static List<String> readStrings(String json) {
        return read(json, STRINGS);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }
}
