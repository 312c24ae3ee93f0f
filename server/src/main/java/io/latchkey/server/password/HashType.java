package io.latchkey.server.password;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.util.Arrays;

/** The hash types passwords.migrate accepts; {@link #ARGON_2ID} is also the type of our own hashes. */
enum HashType {
    BCRYPT("bcrypt"),
    MD_5("md_5"),
    ARGON_2I("argon_2i"),
    ARGON_2ID("argon_2id"),
    SHA_1("sha_1"),
    SHA_512("sha_512"),
    SCRYPT("scrypt"),
    PHPASS("phpass"),
    PBKDF_2("pbkdf_2");

    private final String wireName;

    HashType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static HashType of(String wireName) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(
                        () -> new ApiException(
                                ErrorType.INVALID_HASH_TYPE,
                                "hash_type must be one of bcrypt, md_5, argon_2i, argon_2id, sha_1, sha_512, scrypt, phpass, pbkdf_2."));
    }
}
