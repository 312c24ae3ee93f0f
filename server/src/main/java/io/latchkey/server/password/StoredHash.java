package io.latchkey.server.password;

import java.util.Map;

/**
 * A password hash as stored: its type, the hash (a PHC string for argon2, bcrypt's own string,
 * phpass's own string, else base64 or hex of the digest) and the options the type needs (salts,
 * costs; empty for self-describing formats). Never rendered, never logged: {@link #toString}
 * names the type only.
 */
record StoredHash(HashType type, String hash, Map<String, Object> config) {
    StoredHash {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    @Override
    public String toString() {
        return "StoredHash[" + type.wireName() + "]";
    }
}
