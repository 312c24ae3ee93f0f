package io.latchkey.api.password;

/** The options of imported hashes, as passwords.migrate takes them; unused fields are null. */
public final class HashConfigs {
    private HashConfigs() {}

    /** {@code md_5_config}, {@code sha_1_config}, {@code sha_512_config}: salt around the password. */
    public record Salted(String prependSalt, String appendSalt) {}

    /** {@code argon_2_config}: the salt (base64 or plain) and parameters of a raw argon2 hash. */
    public record Argon2(String salt, Integer iterationAmount, Integer memory, Integer threads, Integer keyLength) {}

    /** {@code scrypt_config}. */
    public record Scrypt(String salt, Integer nParameter, Integer rParameter, Integer pParameter, Integer keyLength) {}

    /** {@code pbkdf_2_config}; {@code algorithm} is sha256 (default), sha512 or sha1. */
    public record Pbkdf2(String salt, Integer iterationAmount, Integer keyLength, String algorithm) {}
}
