package io.latchkey.server.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.util.Set;

/**
 * The JSON of long-lived response objects, written once. The session check answers with the same
 * organization and member objects (held by per-node caches while they are unchanged) thousands of
 * times a second, and writing them is a large share of a check's CPU. A cache registers such an
 * object with {@link #remember}; when the mapper meets that very instance again it copies the
 * stored text. Any other instance, equal or not, is written as usual. Entries live as long as the
 * object does (weak, identity-keyed), so nothing here can outlive the cache that holds the object.
 */
public final class WrittenValues {
    // Above the member and organization caches' bounds together, whose objects are what is kept.
    private static final int MAX_ENTRIES = 20_000;
    private static final Cache<Object, String> WRITTEN =
            Caffeine.newBuilder().weakKeys().maximumSize(MAX_ENTRIES).build();

    private WrittenValues() {}

    /** Writes {@code value} now and keeps its JSON for as long as the instance lives. */
    public static <T> T remember(T value) {
        try {
            WRITTEN.put(value, Json.mapper().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            // Not worth failing a request over: the value is simply written each time.
        }
        return value;
    }

    /** The module that serves remembered instances of {@code types} from their stored JSON. */
    static SimpleModule module(Set<Class<?>> types) {
        SimpleModule module = new SimpleModule("written-values");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(
                    SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
                return types.contains(description.getBeanClass()) ? new Remembered(serializer) : serializer;
            }
        });
        return module;
    }

    private static final class Remembered extends JsonSerializer<Object> {
        private final JsonSerializer<Object> usual;

        @SuppressWarnings("unchecked")
        Remembered(JsonSerializer<?> usual) {
            this.usual = (JsonSerializer<Object>) usual;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            String json = WRITTEN.getIfPresent(value);
            if (json != null) {
                gen.writeRawValue(json);
            } else {
                usual.serialize(value, gen, provider);
            }
        }

        @Override
        public JsonSerializer<Object> unwrappingSerializer(
                com.fasterxml.jackson.databind.util.NameTransformer unwrapper) {
            return usual.unwrappingSerializer(unwrapper);
        }
    }
}
