package io.latchkey.server.password;

import io.latchkey.api.password.HashConfigs;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Imported hashes: checking what passwords.migrate is given (a malformed hash is refused then,
 * not at the member's first login), and verifying a password against one. Salts and digests of
 * scrypt, PBKDF2 and raw argon2 are base64; MD5/SHA digests are hex or base64. Costs are bounded
 * so that an import cannot make one login take minutes. Thread-safe (stateless).
 */
final class LegacyHashes {
    private static final String PHPASS_ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private LegacyHashes() {}

    /** The hash to store for a migrate request, validated. */
    static StoredHash fromMigrate(MigrateRequest r) {
        HashType type = HashType.of(r.hashType());
        String hash = r.hash().strip();
        Map<String, Object> config = new LinkedHashMap<>();
        switch (type) {
            case BCRYPT -> {
                if (!hash.matches("\\$2[abxy]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    throw refuse(
                            ErrorType.INVALID_BCRYPT_HASH,
                            "a bcrypt hash looks like $2b$10$ followed by 53 characters.");
                }
                int cost = Integer.parseInt(hash.substring(hash.indexOf('$', 1) + 1, hash.indexOf('$', 1) + 3));
                if (cost < 4 || cost > 16) {
                    throw refuse(ErrorType.INVALID_BCRYPT_COST, "bcrypt cost must be between 4 and 16.");
                }
            }
            case MD_5, SHA_1, SHA_512 -> {
                HashConfigs.Salted salted = type == HashType.MD_5
                        ? r.md5Config()
                        : type == HashType.SHA_1 ? r.sha1Config() : r.sha512Config();
                int length = type == HashType.MD_5 ? 16 : type == HashType.SHA_1 ? 20 : 64;
                if (digestBytes(hash).length != length) {
                    ErrorType error = type == HashType.MD_5
                            ? ErrorType.INVALID_MD_5_HASH
                            : type == HashType.SHA_1 ? ErrorType.INVALID_SHA_1_HASH : ErrorType.INVALID_HASH;
                    throw refuse(error, "the " + type.wireName() + " hash must be the hex or base64 digest.");
                }
                config.put("prepend_salt", salted == null || salted.prependSalt() == null ? "" : salted.prependSalt());
                config.put("append_salt", salted == null || salted.appendSalt() == null ? "" : salted.appendSalt());
            }
            case ARGON_2I, ARGON_2ID -> {
                int expected = type == HashType.ARGON_2ID ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i;
                Argon2id.Phc phc = hash.startsWith("$")
                        ? Argon2id.parse(hash)
                        : fromArgon2Config(expected, hash, r.argon2Config());
                if (phc == null || phc.type() != expected) {
                    throw invalid("the argon2 hash must be a PHC string ($"
                            + (expected == Argon2Parameters.ARGON2_id ? "argon2id" : "argon2i")
                            + "$v=19$m=..,t=..,p=..$salt$hash) or a base64 hash with argon_2_config.");
                }
                hash = phc.encode();
            }
            case SCRYPT -> {
                HashConfigs.Scrypt c = r.scryptConfig();
                if (c == null
                        || c.salt() == null
                        || c.nParameter() == null
                        || c.rParameter() == null
                        || c.pParameter() == null) {
                    throw missing("scrypt_config needs salt, n_parameter, r_parameter and p_parameter.");
                }
                int n = c.nParameter();
                byte[] scryptHash = base64(hash, ErrorType.INVALID_BASE64_SCRYPT_HASH, "the scrypt hash");
                int keyLength = c.keyLength() == null ? scryptHash.length : c.keyLength();
                if (n < 2
                        || (n & (n - 1)) != 0
                        || n > (1 << 20)
                        || c.rParameter() < 1
                        || c.rParameter() > 32
                        || c.pParameter() < 1
                        || c.pParameter() > 16
                        || (long) n * c.rParameter() * 128 > 256L * 1024 * 1024) {
                    throw refuse(
                            ErrorType.INVALID_HASH,
                            "scrypt_config: n_parameter must be a power of two up to 2^20, r at most 32, p at most 16.");
                }
                if (keyLength < 8 || keyLength > 128 || scryptHash.length != keyLength) {
                    throw refuse(
                            ErrorType.SCRYPT_KEY_LENGTH_MISMATCH,
                            "the scrypt hash must be the base64 of key_length (8 to 128) bytes.");
                }
                byte[] scryptSalt = base64(c.salt(), ErrorType.INVALID_SCRYPT_SALT_LENGTH, "scrypt_config.salt");
                if (scryptSalt.length < 8 || scryptSalt.length > 64) {
                    throw refuse(
                            ErrorType.INVALID_SCRYPT_SALT_LENGTH, "scrypt_config.salt must be 8 to 64 bytes (base64).");
                }
                config.put("salt", c.salt());
                config.put("n", n);
                config.put("r", c.rParameter());
                config.put("p", c.pParameter());
                config.put("key_length", keyLength);
            }
            case PHPASS -> {
                if (!hash.matches("\\$[PH]\\$[./A-Za-z0-9]{31}")
                        || PHPASS_ITOA64.indexOf(hash.charAt(3)) < 7
                        || PHPASS_ITOA64.indexOf(hash.charAt(3)) > 30) {
                    throw refuse(
                            hash.startsWith("$P$") || hash.startsWith("$H$")
                                    ? ErrorType.INVALID_HASH
                                    : ErrorType.INVALID_PHPASS_HASH_PREFIX,
                            "a phpass hash looks like $P$ followed by 31 characters.");
                }
            }
            case PBKDF_2 -> {
                HashConfigs.Pbkdf2 c = r.pbkdf2Config();
                if (c == null || c.salt() == null || c.iterationAmount() == null) {
                    throw missing("pbkdf_2_config needs salt and iteration_amount.");
                }
                String algorithm = c.algorithm() == null || c.algorithm().isBlank()
                        ? "sha256"
                        : c.algorithm().toLowerCase(Locale.ROOT);
                if (!algorithm.equals("sha1") && !algorithm.equals("sha256") && !algorithm.equals("sha512")) {
                    throw refuse(ErrorType.INVALID_HASH, "pbkdf_2_config.algorithm must be sha1, sha256 or sha512.");
                }
                if (c.iterationAmount() < 1 || c.iterationAmount() > 10_000_000) {
                    throw refuse(
                            ErrorType.INVALID_PBKDF_2_ITERATION_AMOUNT,
                            "pbkdf_2_config.iteration_amount must be between 1 and 10000000.");
                }
                byte[] pbkdf2Hash = base64(hash, ErrorType.INVALID_PBKDF_2_HASH, "the pbkdf_2 hash");
                int keyLength = c.keyLength() == null ? pbkdf2Hash.length : c.keyLength();
                if (keyLength < 8 || keyLength > 128 || pbkdf2Hash.length != keyLength) {
                    throw refuse(
                            ErrorType.PBKDF_2_KEY_LENGTH_MISMATCH,
                            "the pbkdf_2 hash must be the base64 of key_length (8 to 128) bytes.");
                }
                base64(c.salt(), ErrorType.INVALID_PBKDF_2_SALT, "pbkdf_2_config.salt");
                config.put("salt", c.salt());
                config.put("iterations", c.iterationAmount());
                config.put("key_length", keyLength);
                config.put("algorithm", algorithm);
            }
            default -> throw new IllegalStateException();
        }
        return new StoredHash(type, hash, config);
    }

    /** True when {@code password} matches {@code stored}. Heavy for most types: call on the hashing pool. */
    static boolean verify(String password, StoredHash stored) {
        String hash = stored.hash();
        Map<String, Object> c = stored.config();
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        return switch (stored.type()) {
            case ARGON_2I, ARGON_2ID -> Argon2id.verify(password, hash);
            case BCRYPT -> {
                if (pw.length > 72) {
                    // bcrypt reads at most 72 bytes; the imported hash was made from the first 72.
                    password = new String(java.util.Arrays.copyOf(pw, 72), StandardCharsets.UTF_8);
                }
                try {
                    yield OpenBSDBCrypt.checkPassword(
                            hash.replaceFirst("^\\$2\\$", "\\$2a\\$").replaceFirst("^\\$2x\\$", "\\$2a\\$"),
                            password.toCharArray());
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
            case MD_5, SHA_1, SHA_512 -> {
                String algorithm =
                        stored.type() == HashType.MD_5 ? "MD5" : stored.type() == HashType.SHA_1 ? "SHA-1" : "SHA-512";
                byte[] input =
                        (c.get("prepend_salt") + password + c.get("append_salt")).getBytes(StandardCharsets.UTF_8);
                yield MessageDigest.isEqual(digest(algorithm, input), digestBytes(hash));
            }
            case SCRYPT -> {
                byte[] out = SCrypt.generate(
                        pw,
                        Base64.getDecoder().decode((String) c.get("salt")),
                        num(c, "n"),
                        num(c, "r"),
                        num(c, "p"),
                        num(c, "key_length"));
                yield MessageDigest.isEqual(out, Base64.getDecoder().decode(hash));
            }
            case PBKDF_2 -> {
                Digest digest = switch ((String) c.get("algorithm")) {
                    case "sha1" -> new SHA1Digest();
                    case "sha512" -> new SHA512Digest();
                    default -> new SHA256Digest();
                };
                PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
                generator.init(pw, Base64.getDecoder().decode((String) c.get("salt")), num(c, "iterations"));
                byte[] out = ((KeyParameter) generator.generateDerivedParameters(num(c, "key_length") * 8)).getKey();
                yield MessageDigest.isEqual(out, Base64.getDecoder().decode(hash));
            }
            case PHPASS ->
                MessageDigest.isEqual(
                        phpass(pw, hash).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        };
    }

    /** phpass's portable hash: MD5 iterated 2^n times over salt and password, in its own base64. */
    static String phpass(byte[] password, String setting) {
        int count = 1 << PHPASS_ITOA64.indexOf(setting.charAt(3));
        byte[] salt = setting.substring(4, 12).getBytes(StandardCharsets.US_ASCII);
        byte[] h = digest("MD5", concat(salt, password));
        for (int i = 0; i < count; i++) {
            h = digest("MD5", concat(h, password));
        }
        return setting.substring(0, 12) + phpassEncode(h);
    }

    private static String phpassEncode(byte[] input) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int count = input.length;
        do {
            int value = input[i++] & 0xff;
            out.append(PHPASS_ITOA64.charAt(value & 0x3f));
            if (i < count) {
                value |= (input[i] & 0xff) << 8;
            }
            out.append(PHPASS_ITOA64.charAt((value >> 6) & 0x3f));
            if (i++ >= count) {
                break;
            }
            if (i < count) {
                value |= (input[i] & 0xff) << 16;
            }
            out.append(PHPASS_ITOA64.charAt((value >> 12) & 0x3f));
            if (i++ >= count) {
                break;
            }
            out.append(PHPASS_ITOA64.charAt((value >> 18) & 0x3f));
        } while (i < count);
        return out.toString();
    }

    private static Argon2id.Phc fromArgon2Config(int type, String hash, HashConfigs.Argon2 c) {
        if (c == null || c.salt() == null || c.iterationAmount() == null || c.memory() == null || c.threads() == null) {
            throw missing(
                    "argon_2_config needs salt, iteration_amount, memory and threads for a hash that is not a PHC string.");
        }
        byte[] raw = base64(hash, ErrorType.INVALID_HASH, "the argon2 hash");
        byte[] salt = saltBytes(c.salt());
        if (salt.length < 8 || salt.length > 64) {
            throw refuse(ErrorType.INVALID_ARGON_2_SALT, "argon_2_config.salt must be 8 to 64 bytes.");
        }
        Argon2id.Phc phc = new Argon2id.Phc(
                type, Argon2Parameters.ARGON2_VERSION_13, c.memory(), c.iterationAmount(), c.threads(), salt, raw);
        if (c.keyLength() != null && c.keyLength() != raw.length) {
            throw refuse(ErrorType.ARGON_2_KEY_LENGTH_MISMATCH, "the argon2 hash is not key_length bytes long.");
        }
        // Re-parse to apply the same bounds as a PHC string.
        return Argon2id.parse(phc.encode());
    }

    /** An argon2 salt is the base64 of its bytes when it decodes as such, else its UTF-8 text. */
    private static byte[] saltBytes(String salt) {
        try {
            return Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            return salt.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] digestBytes(String hash) {
        if (hash.matches("[0-9a-fA-F]+") && hash.length() % 2 == 0) {
            return HexFormat.of().parseHex(hash);
        }
        try {
            return Base64.getDecoder().decode(hash);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] base64(String value, ErrorType error, String field) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw refuse(error, field + " must be base64.");
        }
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int num(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).intValue();
    }

    private static ApiException invalid(String message) {
        return refuse(ErrorType.INVALID_HASH, message);
    }

    private static ApiException refuse(ErrorType type, String message) {
        return new ApiException(type, message);
    }

    /** A config object or field the hash type needs is absent. */
    private static ApiException missing(String message) {
        return new ApiException(ErrorType.MISSING_REQUIRED_FIELD, message);
    }
}
