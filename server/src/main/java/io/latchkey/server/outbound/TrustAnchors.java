package io.latchkey.server.outbound;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates the guarded client trusts when the operator names CAs of their own
 * (LATCHKEY_SSO_CA_FILE): every anchor of the JDK's default trust store (as the JVM is configured,
 * {@code javax.net.ssl.trustStore} included) and those CAs. Nothing else changes: the chain is
 * checked by the JDK's PKIX validation, and the host name by endpoint identification.
 */
final class TrustAnchors {
    private TrustAnchors() {}

    /** A trust store of the JDK's default anchors and {@code extra}. */
    static KeyStore withDefaults(List<X509Certificate> extra) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate c : jdkDefaults()) {
                store.setCertificateEntry("jdk-" + i++, c);
            }
            for (X509Certificate c : extra) {
                store.setCertificateEntry("operator-" + i++, c);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the outbound trust store could not be built", e);
        }
    }

    /** The anchors the JVM trusts by default. */
    static X509Certificate[] jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init((KeyStore) null);
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
