package io.latchkey.server.sso;

import io.latchkey.server.core.SecretBox;
import io.latchkey.server.sso.SamlStore.SamlKey;
import io.latchkey.server.sso.saml.SamlKeys;
import io.latchkey.server.sso.saml.SpSettings;
import io.latchkey.server.store.Tx;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This server as the service provider of one SAML connection: its entity id and ACS URLs (with
 * the alternatives an IdP migrating to this server may still use), its keys opened from their
 * seals (with a certificate for each encryption key, which the SP metadata publishes), and the
 * library settings built from them. Read in the caller's transaction.
 */
record SamlSp(
        SsoConnection connection,
        String acsUrl,
        Set<String> acsUrls,
        Set<String> audiences,
        X509Certificate signingCertificate,
        PrivateKey signingKey,
        List<PrivateKey> decryptionKeys,
        List<X509Certificate> idpCertificates,
        List<EncryptionKey> encryptionKeys) {

    /** An encryption key as stored, opened. */
    record EncryptionKey(SamlKey stored, KeyPair keys) {}

    static SamlSp of(Tx tx, SamlStore store, SecretBox box, String baseUrl, SsoConnection c) {
        SamlConfig s = c.saml();
        String acs = SamlViews.acsUrl(baseUrl, c.connectionId());
        Set<String> acsUrls = new LinkedHashSet<>(List.of(acs));
        if (!s.alternativeAcsUrl().isEmpty()) {
            acsUrls.add(s.alternativeAcsUrl());
        }
        Set<String> audiences = new LinkedHashSet<>(List.of(acs));
        if (!s.alternativeAudienceUri().isEmpty()) {
            audiences.add(s.alternativeAudienceUri());
        }
        List<SamlKey> signing = store.keys(tx, c.projectId(), c.connectionId(), SamlStore.SIGNING);
        X509Certificate cert = null;
        PrivateKey key = null;
        if (!signing.isEmpty()) {
            SamlKey k = signing.get(signing.size() - 1);
            cert = SamlKeys.parseCertificate(k.certificate());
            key = open(box, k).getPrivate();
        }
        List<PrivateKey> decryption = new ArrayList<>();
        List<EncryptionKey> opened = new ArrayList<>();
        List<SamlKey> encryption = store.keys(tx, c.projectId(), c.connectionId(), SamlStore.ENCRYPTION);
        for (int i = encryption.size() - 1; i >= 0; i--) {
            KeyPair pair = open(box, encryption.get(i));
            decryption.add(pair.getPrivate());
            opened.add(new EncryptionKey(encryption.get(i), pair));
        }
        List<X509Certificate> idp = s.verificationCertificates().stream()
                .map(x -> SamlKeys.parseCertificate(x.certificate()))
                .toList();
        return new SamlSp(c, acs, acsUrls, audiences, cert, key, decryption, idp, List.copyOf(opened));
    }

    /**
     * The certificate an IdP encrypts assertions to for an encryption key: self-signed, named after the
     * connection, valid from the key's creation, the same on every node (stored with the key; made
     * again, identically, for a key stored before certificates were).
     */
    static X509Certificate encryptionCertificate(KeyPair keys, String connectionId, Instant createdAt, String keyId) {
        return SamlKeys.selfSigned(keys, connectionId, createdAt, keyId);
    }

    /** The certificates of the encryption keys, newest first, as the SP metadata publishes them. */
    List<X509Certificate> encryptionCertificates() {
        return encryptionKeys.stream()
                .map(e -> e.stored().certificate().isEmpty()
                        ? encryptionCertificate(
                                e.keys(),
                                connection.connectionId(),
                                e.stored().createdAt(),
                                e.stored().keyId())
                        : SamlKeys.parseCertificate(e.stored().certificate()))
                .toList();
    }

    /** The entity id AuthnRequests name: the alternative audience when the IdP still knows the SP by it. */
    String entityId() {
        String alternative = connection.saml().alternativeAudienceUri();
        return alternative.isEmpty() ? acsUrl : alternative;
    }

    /** Where the IdP is asked to post: the alternative ACS URL when one is set (it proxies to this server). */
    String requestedAcsUrl() {
        String alternative = connection.saml().alternativeAcsUrl();
        return alternative.isEmpty() ? acsUrl : alternative;
    }

    /** Settings with {@code key} as the SP's private key (signing or decryption; null for none). */
    SpSettings settings(PrivateKey key) {
        SamlConfig s = connection.saml();
        return new SpSettings(
                entityId(),
                requestedAcsUrl(),
                s.nameidFormat(),
                signingCertificate,
                key,
                s.idpEntityId(),
                s.idpSsoUrl(),
                idpCertificates);
    }

    private static KeyPair open(SecretBox box, SamlKey k) {
        String pem = box.openString(k.sealedKey(), SamlKey.sealingContext(k.keyId()));
        return SamlKeys.parseRsaPrivateKey(pem);
    }
}
