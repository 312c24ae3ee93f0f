package io.latchkey.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hashes of presented secrets are compared in time independent of where they differ: the one
 * comparison helper delegates to {@link MessageDigest#isEqual} (checked in its source and in its
 * compiled class), agrees with equality, and is what every place comparing a presented secret
 * uses; no main source compares a hash, secret, token, challenge or verifier with equals.
 * (Tokens looked up by hash are found by an indexed equality in SQL; the hash of a 256-bit token
 * gives a timing attacker nothing to work towards.)
 */
class SecurityConstantTimeComparisonTest {
    private static final Path MAIN = Path.of("src/main/java/io/latchkey/server");

    @Test
    void constantTimeEqualsAgreesWithEqualityOnHashesAndOtherStrings() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            String a = Tokens.hash(Tokens.newToken());
            String b = random.nextInt(3) == 0
                    ? a
                    : random.nextBoolean()
                            ? a.substring(0, 63) + (a.charAt(63) == '0' ? '1' : '0')
                            : Tokens.hash(Tokens.newToken());
            assertThat(Tokens.constantTimeEquals(a, b)).isEqualTo(a.equals(b));
        }
        assertThat(Tokens.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(Tokens.constantTimeEquals("", "")).isTrue();
        assertThat(Tokens.constantTimeEquals("\u00e9", "\u00e9")).isTrue();
    }

    @Test
    void hashesAreLowerCaseHexSha256() throws Exception {
        String token = Tokens.newToken();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        assertThat(Tokens.hash(token))
                .isEqualTo(java.util.HexFormat.of().formatHex(expected))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theComparisonHelperDelegatesToMessageDigestIsEqual() throws IOException {
        String source = Files.readString(MAIN.resolve("core/Tokens.java"));
        Matcher body = Pattern.compile("boolean constantTimeEquals\\([^)]*\\)\\s*\\{(.*?)\\n    }", Pattern.DOTALL)
                .matcher(source);
        assertThat(body.find()).as("Tokens.constantTimeEquals is defined").isTrue();
        assertThat(body.group(1)).contains("MessageDigest.isEqual(").doesNotContain(".equals(");

        // The compiled class, whatever the source says, calls java/security/MessageDigest.isEqual.
        try (InputStream in = Tokens.class.getResourceAsStream("Tokens.class")) {
            String bytecode = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(bytecode).contains("java/security/MessageDigest").contains("isEqual");
        }
    }

    @Test
    void everyPlaceThatComparesAPresentedSecretUsesTheHelper() throws IOException {
        assertThat(Files.readString(MAIN.resolve("project/ProjectService.java")))
                .as("project secrets")
                .contains("Tokens.constantTimeEquals(presented, expected)");
        assertThat(Files.readString(MAIN.resolve("magiclink/Pkce.java")))
                .as("PKCE verifiers")
                .contains("Tokens.constantTimeEquals(computed, challenge)");
    }

    @Test
    void noMainSourceComparesSecretsWithEquals() throws IOException {
        Pattern suspicious = Pattern.compile(
                "(?i)\\b\\w*(hash|secret|token|challenge|verifier|digest|signature|mac)\\w*(\\(\\))?\\s*\\.\\s*(equals|equalsIgnoreCase|compareTo|contentEquals)\\s*\\("
                        + "|\\.(equals|equalsIgnoreCase|contentEquals)\\s*\\(\\s*\\w*(hash|secret|token|challenge|verifier|digest|signature|mac)\\w*"
                        + "|Arrays\\.equals\\s*\\(");
        // The pattern itself catches what it must and lets plain comparisons be.
        assertThat(List.of(
                        "if (tokenHash.equals(presented)) {",
                        "return expected.equals(secretHash);",
                        "stored.secretHash().equals(hash)",
                        "Arrays.equals(mac, expectedMac)"))
                .allSatisfy(line ->
                        assertThat(suspicious.matcher(line).find()).as(line).isTrue());
        assertThat(List.of("\"discovery\".equals(type)", "a.organizationId().equals(b)", "status.equals(\"active\")"))
                .allSatisfy(line ->
                        assertThat(suspicious.matcher(line).find()).as(line).isFalse());
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (!line.startsWith("//")
                            && !line.startsWith("*")
                            && suspicious.matcher(line).find()) {
                        offending.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        assertThat(offending)
                .as("comparisons of secrets that are not constant-time")
                .isEmpty();
    }
}
