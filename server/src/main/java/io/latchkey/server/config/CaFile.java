package io.latchkey.server.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LATCHKEY_SSO_CA_FILE: a PEM file of the certificates (one or more CAs) that calls to SSO
 * identity providers trust besides the JDK's trust store, for an IdP whose certificate comes from
 * the installation's own CA. Read once at start-up; a file that is missing, unreadable, not PEM,
 * holds no certificate or holds a private key stops start-up with a message naming the setting.
 */
public final class CaFile {
    public static final String SETTING = "LATCHKEY_SSO_CA_FILE";
    /** Far above a full public CA bundle (about 220 KB): a larger file is not what was meant. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private CaFile() {}

    /** The certificates of the file LATCHKEY_SSO_CA_FILE names; none when it is unset. */
    public static List<X509Certificate> fromEnv(Map<String, String> env) {
        String value = env.get(SETTING);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return read(Path.of(value.strip()));
    }

    /** The certificates of {@code file}, in the order they appear. */
    static List<X509Certificate> read(Path file) {
        if (!Files.exists(file)) {
            throw new SettingsException(SETTING + " names a file that does not exist: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(SETTING + " must name a PEM file, not a folder or device: " + file);
        }
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new SettingsException(
                        SETTING + " names a file larger than " + MAX_BYTES / (1024 * 1024) + " MiB: " + file);
            }
            // Latin-1 reads any bytes: a DER file is then found not to be PEM, not unreadable.
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            throw new SettingsException(SETTING + " names a file this server cannot read: " + file);
        }
        return parse(text, file);
    }

    private static List<X509Certificate> parse(String text, Path file) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.contains("PRIVATE KEY")) {
                throw new SettingsException(SETTING + " holds a private key (" + type + "): it takes the CA"
                        + " certificates only; keep the key off this server. File: " + file);
            }
            if (!type.equals("CERTIFICATE")) {
                throw new SettingsException(
                        SETTING + " holds a " + type + " block: it takes CERTIFICATE blocks only. File: " + file);
            }
            out.add(certificate(m.group(2), out.size() + 1, file));
        }
        int begins = text.split("-----BEGIN ", -1).length - 1;
        if (begins != out.size()) {
            throw new SettingsException(SETTING + " holds a PEM block without its -----END line: " + file);
        }
        if (out.isEmpty()) {
            throw new SettingsException(SETTING + " is not a PEM file of certificates (no -----BEGIN CERTIFICATE-----"
                    + " block; a DER file converts with: openssl x509 -inform der -in ca.der -out ca.pem): "
                    + file);
        }
        return List.copyOf(out);
    }

    private static X509Certificate certificate(String base64, int position, Path file) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            X509Certificate c = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            if (c == null) {
                throw new CertificateException("empty");
            }
            return c;
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new SettingsException(
                    SETTING + ": certificate " + position + " of " + file + " is not a valid X.509 certificate");
        }
    }
}
