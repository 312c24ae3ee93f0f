package io.latchkey.server.sso;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.sso.SamlStore.SamlKey;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.sso.saml.SpSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * What SAML connections' stored material becomes once read, kept on this node: certificates
 * parsed from their PEM, private keys opened from their seals, and the library settings built from
 * them, which every login would otherwise make again. Each entry is keyed on a SHA-256 of the
 * material it was made from, never on a connection id, so a connection changed (here or on
 * another node) reads as new material and is never answered from a stale entry; entries of
 * material no longer stored age out of the bounded caches. Thread-safe.
 */
final class SamlSps {
    /** Well above the connections a node serves logins for at once; each entry is a few KiB. */
    private static final int MAX_ENTRIES = 2_000;

    private static final Cache<String, X509Certificate> CERTIFICATES =
            Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private static final Cache<String, KeyPair> KEYS =
            Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    private static final Cache<String, SpSettings> SETTINGS =
            Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    private SamlSps() {}

    /** A stored key opened, with the digest of its sealed form (which names it in settings keys). */
    record Opened(String digest, KeyPair keys) {}

    /** The certificate of {@code pem}, parsed once per node. */
    static X509Certificate certificate(String pem) {
        return CERTIFICATES.get(digest(pem), d -> SamlKeys.parseCertificate(pem));
    }

    /** The key {@code k} seals, opened once per node. */
    static Opened open(SecretBox box, SamlKey k) {
        String d = digest(k.keyId(), HexFormat.of().formatHex(k.sealedKey()));
        KeyPair pair = KEYS.get(
                d, x -> SamlKeys.parseRsaPrivateKey(box.openString(k.sealedKey(), SamlKey.sealingContext(k.keyId()))));
        return new Opened(d, pair);
    }

    /**
     * The settings made by {@code build}, made once per node for the same {@code material}: every
     * value the settings are made from, the key as the digest of its sealed form.
     */
    static SpSettings settings(List<String> material, Supplier<SpSettings> build) {
        return SETTINGS.get(digest(material.toArray(String[]::new)), d -> build.get());
    }

    /** A SHA-256 of the values, each length-prefixed so that no two lists of values share one. */
    private static String digest(String... values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String v : values) {
                String s = v == null ? "\u0000null" : v;
                sha.update((s.length() + ":" + s + ";").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
