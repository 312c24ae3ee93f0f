package io.latchkey.server.recoverycode;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Text;
import io.latchkey.server.core.Tokens;
import java.util.Locale;

/**
 * What recovery codes look like: twelve characters of {@code a-z0-9} in three groups
 * ({@code k3x9-q2mf-8zt4}, about 62 bits: not guessable within any attempt limit). A code is
 * compared in a normal form (lower case, without spaces and hyphens), so a person may type it
 * either way. Imported codes may have any shape within {@link #MAX_LENGTH}. Stateless.
 */
final class RecoveryCodeFormat {
    static final int MAX_LENGTH = 64;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int GROUPS = 3;
    private static final int GROUP_LENGTH = 4;

    private RecoveryCodeFormat() {}

    static String generate() {
        StringBuilder code = new StringBuilder(GROUPS * (GROUP_LENGTH + 1));
        for (int g = 0; g < GROUPS; g++) {
            if (g > 0) {
                code.append('-');
            }
            for (int i = 0; i < GROUP_LENGTH; i++) {
                code.append(ALPHABET.charAt(Tokens.randomInt(ALPHABET.length())));
            }
        }
        return code.toString();
    }

    /**
     * The form codes are hashed and compared in.
     *
     * @throws ApiException invalid_recovery_code for an empty, overlong or control-character value
     */
    static String normalize(String code) {
        if (code == null || !Text.isPrintable(code, MAX_LENGTH)) {
            throw new ApiException(
                    ErrorType.INVALID_RECOVERY_CODE,
                    "A recovery code must be 1 to " + MAX_LENGTH + " printable characters.");
        }
        String normal = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (normal.isEmpty()) {
            throw new ApiException(ErrorType.INVALID_RECOVERY_CODE, "The recovery code is empty.");
        }
        return normal;
    }
}
