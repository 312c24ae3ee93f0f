package io.latchkey.api;

import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * {@code toString} for records that carry secrets: tokens, session JWTs, codes, TOTP secrets,
 * PKCE verifiers. Such records end up in log lines, exception messages and debugger views, where
 * a bearer token is as good as the session; so their components print as {@value #MASK} (or
 * {@code null} when absent) and every other component as usual.
 *
 * <p>A component counts as secret by its name: ending in {@code token}, {@code jwt}, {@code
 * secret}, {@code verifier}, {@code password} or {@code privateKey}, or named {@code code}, {@code qrCode} (it holds
 * the TOTP secret), {@code recoveryCode} or {@code recoveryCodes}.
 */
public final class Redacted {
    public static final String MASK = "[redacted]";

    private Redacted() {}

    /** Whether a record component of this name holds a secret. */
    public static boolean isSecret(String componentName) {
        String n = componentName.toLowerCase(Locale.ROOT);
        return n.endsWith("token")
                || n.endsWith("jwt")
                || n.endsWith("secret")
                || n.endsWith("verifier")
                || n.endsWith("password")
                || n.endsWith("privatekey")
                || n.equals("code")
                || n.equals("qrcode")
                || n.equals("recoverycode")
                || n.equals("recoverycodes");
    }

    /** The record as the default {@code toString} would print it, secrets masked. */
    public static String toString(Record record) {
        StringBuilder out = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Object value;
            try {
                value = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "?";
            }
            if (i > 0) {
                out.append(", ");
            }
            out.append(c.getName()).append('=').append(value != null && isSecret(c.getName()) ? MASK : value);
        }
        return out.append(']').toString();
    }
}
