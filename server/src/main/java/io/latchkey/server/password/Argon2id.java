package io.latchkey.server.password;

import io.latchkey.server.config.PasswordHashing;
import io.latchkey.server.core.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 hashes in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash},
 * unpadded base64), the format of the {@code hash} column and of imported argon2 hashes.
 * Argon2i hashes (imports) verify too. CPU- and memory-heavy: call on the hashing pool only.
 * Thread-safe (stateless).
 */
final class Argon2id {
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** A parsed PHC string. {@code type} is {@link Argon2Parameters#ARGON2_id} or {@code ARGON2_i}. */
    record Phc(int type, int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        boolean madeWith(PasswordHashing p) {
            return type == Argon2Parameters.ARGON2_id
                    && version == Argon2Parameters.ARGON2_VERSION_13
                    && memoryKib == p.memoryKib()
                    && iterations == p.iterations()
                    && parallelism == p.parallelism()
                    && hash.length == HASH_BYTES;
        }

        String encode() {
            return "$" + (type == Argon2Parameters.ARGON2_id ? "argon2id" : "argon2i") + "$v=" + version
                    + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                    + "$"
                    + B64.encodeToString(hash);
        }
    }

    private Argon2id() {}

    static String hash(String password, PasswordHashing p) {
        byte[] salt = Tokens.randomBytes(SALT_BYTES);
        byte[] out = derive(
                Argon2Parameters.ARGON2_id,
                Argon2Parameters.ARGON2_VERSION_13,
                p.memoryKib(),
                p.iterations(),
                p.parallelism(),
                salt,
                password,
                HASH_BYTES);
        return new Phc(
                        Argon2Parameters.ARGON2_id,
                        Argon2Parameters.ARGON2_VERSION_13,
                        p.memoryKib(),
                        p.iterations(),
                        p.parallelism(),
                        salt,
                        out)
                .encode();
    }

    static boolean verify(String password, String phcString) {
        Phc phc = parse(phcString);
        if (phc == null) {
            return false;
        }
        byte[] out = derive(
                phc.type(),
                phc.version(),
                phc.memoryKib(),
                phc.iterations(),
                phc.parallelism(),
                phc.salt(),
                password,
                phc.hash().length);
        return MessageDigest.isEqual(out, phc.hash());
    }

    /** The parsed string, or null when it is not a PHC argon2i/argon2id string this server can check. */
    static Phc parse(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\$", -1);
        // "", type, [v=..], params, salt, hash
        if (parts.length != 6 && parts.length != 5) {
            return null;
        }
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            default -> -1;
        };
        if (type < 0) {
            return null;
        }
        int i = 2;
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (parts.length == 6) {
            if (!parts[2].startsWith("v=")) {
                return null;
            }
            version = intOr(parts[2].substring(2), -1);
            i = 3;
        }
        if (version != Argon2Parameters.ARGON2_VERSION_10 && version != Argon2Parameters.ARGON2_VERSION_13) {
            return null;
        }
        int m = -1;
        int t = -1;
        int par = -1;
        for (String kv : parts[i].split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                return null;
            }
            switch (pair[0]) {
                case "m" -> m = intOr(pair[1], -1);
                case "t" -> t = intOr(pair[1], -1);
                case "p" -> par = intOr(pair[1], -1);
                default -> {
                    /* keyid/data: not used by imports we accept */
                }
            }
        }
        // Bounds keep an imported hash from making one login cost gigabytes or minutes.
        if (m < 8 || m > 4 * 1024 * 1024 || t < 1 || t > 64 || par < 1 || par > 16) {
            return null;
        }
        try {
            byte[] salt = B64D.decode(parts[i + 1]);
            byte[] hash = B64D.decode(parts[i + 2]);
            if (salt.length < 8 || hash.length < 4 || hash.length > 128) {
                return null;
            }
            return new Phc(type, version, m, t, par, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] derive(
            int type,
            int version,
            int memoryKib,
            int iterations,
            int parallelism,
            byte[] salt,
            String password,
            int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static int intOr(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
