package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Opaque tokens carry at least 128 bits of entropy: each is 43 base64url characters from 32
 * bytes of a SecureRandom (256 bits). Checked on a large sample of the generator (shape,
 * alphabet, uniqueness, every bit position roughly balanced), on the tokens the server hands out
 * over HTTP, and in the code: nothing but Tokens makes randomness for secrets.
 */
class SecurityTokenEntropyTest {
    private static final int SAMPLE = 20_000;

    @Test
    void generatedTokensAre43Base64UrlCharactersOf32RandomBytesAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        int[] ones = new int[256];
        for (int i = 0; i < SAMPLE; i++) {
            String token = Tokens.newToken();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            assertThat(bytes).hasSize(32);
            assertThat(seen.add(token)).as("token repeated").isTrue();
            for (int bit = 0; bit < 256; bit++) {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }
        // Every one of the 256 bit positions is set in about half the sample: a stuck or biased bit
        // (a counter, a timestamp, a narrowed random source) would sit far outside 8 standard deviations.
        double sigma = Math.sqrt(SAMPLE * 0.25);
        for (int bit = 0; bit < 256; bit++) {
            assertThat((double) ones[bit])
                    .as("bit %d", bit)
                    .isBetween(SAMPLE / 2.0 - 8 * sigma, SAMPLE / 2.0 + 8 * sigma);
        }
    }

    @Test
    void tokensAndSecretsTheServerHandsOutHaveTheSameShape() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.secret()).matches("secret-test-[A-Za-z0-9_-]{43}");
            LoginFlow flow = new LoginFlow(server);
            String orgId = flow.organizationAllowing("entropy.test")
                    .path("organization_id")
                    .asText();
            Set<String> tokens = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                String email = LoginFlow.unique("e") + "@entropy.test";
                flow.loginOrSignup(orgId, email);
                String magic = LoginFlow.tokenOf(flow.awaitLink(email));
                ApiResponse login =
                        server.client().post("/v1/b2b/magic_links/authenticate", json("magic_links_token", magic));
                assertThat(login.status()).as(login.toString()).isEqualTo(200);
                tokens.add(magic);
                tokens.add(login.text("session_token"));
            }
            assertThat(tokens).hasSize(10).allSatisfy(t -> assertThat(t).matches("[A-Za-z0-9_-]{43}"));
            assertThat(server.newProject("Another").secret()).matches("secret-test-[A-Za-z0-9_-]{43}");
        }
    }

    @Test
    void onlyTokensMakesRandomnessAndItUsesSecureRandom() throws IOException {
        Path main = Path.of("src/main/java/io/latchkey/server");
        assertThat(Files.readString(main.resolve("core/Tokens.java")))
                .contains("new SecureRandom()")
                .contains("TOKEN_BYTES = 32");
        // Randomness that protects nothing: retry jitter and the JWT reuse span only spread load.
        Set<String> notSecrets = Set.of("mail/RetryPolicy.java", "session/SessionJwtCache.java");
        List<String> weak = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p ->
                            !notSecrets.contains(main.relativize(p).toString().replace('\\', '/')))
                    .toList()) {
                String source = Files.readString(f);
                for (String pattern : List.of(
                        "new Random(",
                        "java.util.Random",
                        "Math.random",
                        "ThreadLocalRandom",
                        "SplittableRandom",
                        "nanoTime() ^",
                        "currentTimeMillis() ^")) {
                    if (source.contains(pattern)) {
                        weak.add(main.relativize(f) + " uses " + pattern);
                    }
                }
            }
        }
        assertThat(weak).as("weak randomness in main sources").isEmpty();
    }
}
