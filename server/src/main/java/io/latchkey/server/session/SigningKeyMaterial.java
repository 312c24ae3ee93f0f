package io.latchkey.server.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.latchkey.server.core.SecretBox;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Set;

/** Making, sealing and opening RSA signing keys. Stateless and thread-safe. */
final class SigningKeyMaterial {
    static final int RSA_BITS = 2048;

    /** A fresh key pair: the public half as the JWK we publish, the private half to seal. */
    record NewKey(RSAKey publicJwk, RSAPrivateKey privateKey) {}

    private SigningKeyMaterial() {}

    static NewKey generate(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyOperations(Set.of(KeyOperation.VERIFY))
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
            return new NewKey(publicJwk, (RSAPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every JVM", e);
        }
    }

    /**
     * The associated data a private key is sealed under: a sealed key copied to another row or
     * project fails to open instead of signing for the wrong tenant.
     */
    static String sealContext(String projectId, String kid) {
        return "latchkey/signing-key/" + projectId + "/" + kid;
    }

    static byte[] seal(SecretBox box, String projectId, String kid, RSAPrivateKey privateKey) {
        byte[] pkcs8 = privateKey.getEncoded();
        try {
            return box.seal(pkcs8, sealContext(projectId, kid));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /**
     * Opens a stored private key and checks it belongs to the stored public key.
     *
     * @throws SigningKeyUnavailableException when the master key or the data is wrong
     */
    static RSAPrivateKey open(SecretBox box, StoredSigningKey stored, RSAKey publicJwk) {
        byte[] pkcs8 = null;
        try {
            pkcs8 = box.open(stored.sealedPrivateKey(), sealContext(stored.projectId(), stored.kid()));
            RSAPrivateKey key =
                    (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!(key instanceof RSAPrivateCrtKey crt)
                    || !crt.getModulus().equals(publicJwk.getModulus().decodeToBigInteger())
                    || !crt.getPublicExponent()
                            .equals(publicJwk.getPublicExponent().decodeToBigInteger())) {
                throw new SigningKeyUnavailableException(stored.projectId(), stored.kid());
            }
            return key;
        } catch (IllegalStateException | GeneralSecurityException | ClassCastException e) {
            throw new SigningKeyUnavailableException(stored.projectId(), stored.kid());
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }
}
