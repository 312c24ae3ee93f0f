package io.latchkey.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.Provider;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.conscrypt.Conscrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RS256 signature of a session JWT (2048-bit key, a claims set shaped like the server's) by
 * the JDK's own RSA and by two native providers from Maven Central: Amazon Corretto Crypto
 * Provider (AWS-LC) and Conscrypt (BoringSSL). A login signs one session JWT, and signing was
 * the largest part of a login's server CPU in the profile (bench/load/README.md). Run with
 * {@code -t 1}; see README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class SigningProviderBenchmark {
    @Param({"jdk", "accp", "conscrypt"})
    public String provider;

    private RSASSASigner signer;
    private JWSHeader header;
    private JWTClaimsSet claims;

    @Setup
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("jwk-test-bench").generate();
        signer = new RSASSASigner(key);
        Provider p = switch (provider) {
            case "jdk" -> null;
            case "accp" -> AmazonCorrettoCryptoProvider.INSTANCE;
            case "conscrypt" -> Conscrypt.newProvider();
            default -> throw new IllegalArgumentException(provider);
        };
        if (p != null) {
            signer.getJCAContext().setProvider(p);
        }
        header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("jwk-test-bench")
                .type(JOSEObjectType.JWT)
                .build();
        Instant now = Instant.now();
        claims = new JWTClaimsSet.Builder()
                .issuer("stytch.com/project-test-00000000-0000-4000-8000-00000000be4c")
                .audience(List.of("project-test-00000000-0000-4000-8000-00000000be4c"))
                .subject("member-test-00000000-0000-4000-8000-000000000001")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim(
                        "https://stytch.com/session",
                        Map.of(
                                "id", "session-test-00000000-0000-4000-8000-000000000001",
                                "started_at", now.toString(),
                                "last_accessed_at", now.toString(),
                                "expires_at", now.plusSeconds(3600).toString(),
                                "attributes", Map.of("ip_address", "", "user_agent", ""),
                                "authentication_factors",
                                        List.of(Map.of(
                                                "type",
                                                "magic_link",
                                                "delivery_method",
                                                "email",
                                                "last_authenticated_at",
                                                now.toString(),
                                                "email_factor",
                                                Map.of(
                                                        "email_id",
                                                                "member-email-test-00000000-0000-4000-8000-000000000001",
                                                        "email_address", "alice@example.com"))),
                                "roles", List.of("stytch_member")))
                .claim(
                        "https://stytch.com/organization",
                        Map.of(
                                "organization_id", "organization-test-00000000-0000-4000-8000-000000000001",
                                "slug", "example"))
                .build();
        // A provider that cannot sign fails here, not in the measurement.
        sign();
    }

    @Benchmark
    public String sign() throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
