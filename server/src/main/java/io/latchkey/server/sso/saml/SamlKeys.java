package io.latchkey.server.sso.saml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The keys and certificates of SAML connections: RSA keys made for the SP, self-signed
 * certificates for them, and PEM read and written. Stateless, thread-safe.
 */
public final class SamlKeys {
    /** How long the SP's own certificates are valid: IdPs only pin them, but some refuse expired ones. */
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private static final int RSA_BITS = 2048;
    private static final int MAX_PEM_CHARS = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SamlKeys() {}

    /** A fresh RSA key pair for signing AuthnRequests. */
    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(RSA_BITS, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every JVM", e);
        }
    }

    /** A self-signed certificate for {@code keys}, named {@code commonName}, valid from {@code now}. */
    public static X509Certificate selfSigned(KeyPair keys, String commonName, Instant now) {
        return selfSigned(
                keys, commonName, now, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE));
    }

    /**
     * A self-signed certificate for {@code keys} that comes out the same, byte for byte, each time it
     * is made from the same arguments: its serial number is derived from {@code id}, its validity
     * from {@code from}, and an RSA PKCS#1 v1.5 signature has no randomness. For a key whose
     * certificate was never stored, so that every node publishes the same one.
     */
    public static X509Certificate selfSigned(KeyPair keys, String commonName, Instant from, String id) {
        try {
            byte[] digest =
                    java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return selfSigned(
                    keys, commonName, from, new BigInteger(1, java.util.Arrays.copyOf(digest, 8)).add(BigInteger.ONE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keys, String commonName, Instant now, BigInteger serial) {
        X500Name name = new X500Name("CN=" + commonName.replaceAll("[^A-Za-z0-9 ._-]", "_"));
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    serial,
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(CERTIFICATE_VALIDITY)),
                    name,
                    keys.getPublic());
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("a self-signed certificate could not be made", e);
        }
    }

    /**
     * An RSA private key from PEM: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or PKCS#8 ({@code BEGIN
     * PRIVATE KEY}), with its public half.
     *
     * @throws IllegalArgumentException when the text is not such a key (the message names no part of it)
     */
    public static KeyPair parseRsaPrivateKey(String pem) {
        if (pem == null || pem.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("not an RSA private key");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem.strip()))) {
            Object o = parser.readObject();
            PrivateKeyInfo info;
            if (o instanceof PEMKeyPair pair) {
                info = pair.getPrivateKeyInfo();
            } else if (o instanceof PrivateKeyInfo pki) {
                info = pki;
            } else {
                throw new IllegalArgumentException("not an RSA private key");
            }
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() < RSA_BITS) {
                throw new IllegalArgumentException("not an RSA private key of at least 2048 bits");
            }
            PublicKey pub = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new KeyPair(pub, key);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("not an RSA")) {
                throw iae;
            }
            throw new IllegalArgumentException("not an RSA private key");
        }
    }

    /**
     * An X.509 certificate from PEM, or from its bare base64 body as IdP metadata carries it.
     *
     * @throws IllegalArgumentException when the text is not one certificate
     */
    public static X509Certificate parseCertificate(String text) {
        if (text == null || text.length() > MAX_PEM_CHARS) {
            throw new IllegalArgumentException("not an X.509 certificate");
        }
        String body = text.strip()
                .replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not an X.509 certificate");
        }
    }

    /** The certificate as PEM, 64 columns. */
    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    /** The private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** The certificate's base64 body alone, as XML signatures and metadata carry it. */
    public static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("certificate cannot be encoded", e);
        }
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}
