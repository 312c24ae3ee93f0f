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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        List<EncryptionKey> encryptionKeys,
        List<String> material,
        Map<PrivateKey, String> keyDigests) {

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
        // Keys and certificates are opened and parsed once per node (SamlSps), keyed on their content.
        Map<PrivateKey, String> digests = new IdentityHashMap<>();
        X509Certificate cert = null;
        PrivateKey key = null;
        String certPem = null;
        if (!signing.isEmpty()) {
            SamlKey k = signing.get(signing.size() - 1);
            certPem = k.certificate();
            cert = SamlSps.certificate(certPem);
            SamlSps.Opened o = SamlSps.open(box, k);
            key = o.keys().getPrivate();
            digests.put(key, o.digest());
        }
        List<PrivateKey> decryption = new ArrayList<>();
        List<EncryptionKey> opened = new ArrayList<>();
        List<SamlKey> encryption = store.keys(tx, c.projectId(), c.connectionId(), SamlStore.ENCRYPTION);
        for (int i = encryption.size() - 1; i >= 0; i--) {
            SamlSps.Opened o = SamlSps.open(box, encryption.get(i));
            decryption.add(o.keys().getPrivate());
            digests.put(o.keys().getPrivate(), o.digest());
            opened.add(new EncryptionKey(encryption.get(i), o.keys()));
        }
        List<String> idpPems =
                s.verificationCertificates().stream().map(x -> x.certificate()).toList();
        List<X509Certificate> idp = idpPems.stream().map(SamlSps::certificate).toList();
        // Everything the library settings are made from but the key (settings(key) adds its digest).
        List<String> material = new ArrayList<>(List.of(
                acs,
                s.alternativeAcsUrl(),
                s.alternativeAudienceUri(),
                s.nameidFormat(),
                s.idpEntityId(),
                s.idpSsoUrl(),
                String.valueOf(certPem)));
        material.addAll(idpPems);
        return new SamlSp(
                c,
                acs,
                acsUrls,
                audiences,
                cert,
                key,
                decryption,
                idp,
                List.copyOf(opened),
                List.copyOf(material),
                Collections.unmodifiableMap(digests));
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

    /**
     * Settings with {@code key} as the SP's private key (signing or decryption, one of this SP's;
     * null for none), made once per node for the same connection material and key.
     */
    SpSettings settings(PrivateKey key) {
        String digest = key == null ? "" : keyDigests.get(key);
        if (digest == null) {
            return build(key);
        }
        List<String> with = new ArrayList<>(material);
        with.add(digest);
        return SamlSps.settings(with, () -> build(key));
    }

    private SpSettings build(PrivateKey key) {
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
}
