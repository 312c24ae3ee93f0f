package io.latchkey.server.session;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

/**
 * Verifies a session JWT the way the Node SDK's {@code jose} does, with a JOSE library we did not
 * write: JWKS fetched without credentials (HTTP 200 only), key chosen by kid, its kty from the
 * alg, its alg equal to the header's, use {@code sig} and key_ops containing {@code verify};
 * typ {@code JWT} required; issuer, audience, exp and sub checked.
 */
public final class JoseStyleVerifier {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JoseStyleVerifier() {}

    static JWKSet fetchJwks(String baseUrl, String projectId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v1/b2b/sessions/jwks/" + projectId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("JWKS answered " + response.statusCode());
        }
        return JWKSet.parse(response.body());
    }

    public static JWTClaimsSet verify(String baseUrl, String projectId, String jwt) throws Exception {
        SignedJWT token = SignedJWT.parse(jwt);
        JWSAlgorithm alg = token.getHeader().getAlgorithm();
        List<JWK> candidates = fetchJwks(baseUrl, projectId).getKeys().stream()
                .filter(k -> k.getKeyID().equals(token.getHeader().getKeyID()))
                .filter(k -> KeyType.forAlgorithm(alg).equals(k.getKeyType()))
                .filter(k -> alg.equals(k.getAlgorithm()))
                .filter(k -> k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
                .filter(k ->
                        k.getKeyOperations() == null || k.getKeyOperations().contains(KeyOperation.VERIFY))
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalStateException(
                    "no single JWKS key for kid " + token.getHeader().getKeyID());
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(alg, new ImmutableJWKSet<>(new JWKSet(candidates))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                projectId,
                new JWTClaimsSet.Builder().issuer(SessionJwts.issuer(projectId)).build(),
                Set.of("sub", "exp", "iat", SessionJwts.SESSION_CLAIM, SessionJwts.ORGANIZATION_CLAIM)));
        return processor.process(token, null);
    }
}
