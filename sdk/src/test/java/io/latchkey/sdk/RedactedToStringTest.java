package io.latchkey.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.api.session.AuthenticateSessionRequest;
import io.latchkey.api.session.AuthenticateSessionResponse;
import io.latchkey.api.session.MemberSession;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Records that carry tokens, session JWTs, codes and secrets print them masked: every record of
 * the API contract (found by scanning its classes, so a new one is covered without a change
 * here) and the SDK's {@link JwtAuthentication}. A record's {@code toString} is what lands in a
 * log line or an exception message when someone logs "the request".
 */
class RedactedToStringTest {
    /** The test's own idea of a secret component, written apart from the code under test. */
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(token|jwt|secret|verifier|password)|code|qrCode|recoveryCodes?");

    private static final String SENTINEL = "s3cr3t-sentinel";

    @Test
    void everyApiRecordWithASecretMasksItInToString() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> type : apiRecords()) {
            RecordComponent[] components = type.getRecordComponents();
            if (Stream.of(components).noneMatch(c -> SECRET.matcher(c.getName()).matches() && holdsText(c))) {
                continue;
            }
            Object record = instance(type, components);
            String printed = record.toString();
            assertThat(printed).as(type.getName()).doesNotContain(SENTINEL).contains("[redacted]");
            // Everything else still prints, so the record stays useful in a log.
            assertThat(printed).as(type.getName()).startsWith(type.getSimpleName() + "[");
            if (Stream.of(components)
                    .anyMatch(c -> c.getType() == String.class
                            && !SECRET.matcher(c.getName()).matches())) {
                assertThat(printed).as(type.getName()).contains("plain-value");
            }
            checked.add(type.getSimpleName());
        }
        assertThat(checked)
                .contains(
                        "AuthenticateSessionRequest",
                        "AuthenticateMagicLinkRequest",
                        "RevokeSessionRequest",
                        "SmsAuthenticateRequest",
                        "AuthenticateTotpRequest",
                        "RecoverRequest",
                        "CreateTotpResponse",
                        "AuthenticateDiscoveryMagicLinkRequest",
                        "ExchangeIntermediateSessionRequest");
        assertThat(checked.size()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void jwtAuthenticationPrintsTheSessionButNotTheJwt() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZW1iZXIifQ." + SENTINEL;
        MemberSession session = new MemberSession(
                "member-session-test-1",
                "member-test-1",
                null,
                null,
                null,
                List.of(),
                "organization-test-1",
                List.of("stytch_member"),
                "acme",
                Map.of());
        AuthenticateSessionResponse remote = new AuthenticateSessionResponse(
                "request-id-test-1", session, "token-" + SENTINEL, jwt, null, null, 200, null);

        JwtAuthentication local =
                new JwtAuthentication(session, Map.of(), jwt, JwtAuthentication.Verification.LOCAL, null);
        JwtAuthentication checked =
                new JwtAuthentication(session, Map.of(), jwt, JwtAuthentication.Verification.REMOTE, remote);

        for (JwtAuthentication auth : List.of(local, checked)) {
            assertThat(auth.toString())
                    .doesNotContain(SENTINEL)
                    .contains("member-test-1")
                    .contains("[redacted]");
        }
        assertThat(new AuthenticateSessionRequest("token-" + SENTINEL, null, 60, null, null).toString())
                .doesNotContain(SENTINEL)
                .contains("sessionDurationMinutes=60");
    }

    private static boolean holdsText(RecordComponent c) {
        return c.getType() == String.class || List.class.isAssignableFrom(c.getType());
    }

    private static Object instance(Class<?> type, RecordComponent[] components) throws Exception {
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            boolean secret = SECRET.matcher(c.getName()).matches();
            String text = secret ? SENTINEL + "-" + c.getName() : "plain-value";
            Class<?> t = c.getType();
            if (t == String.class) {
                args[i] = text;
            } else if (List.class.isAssignableFrom(t)
                    && c.getGenericType() instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == String.class) {
                args[i] = List.of(text);
            } else if (t == int.class) {
                args[i] = 0;
            } else if (t == long.class) {
                args[i] = 0L;
            } else if (t == boolean.class) {
                args[i] = false;
            } else if (t == double.class) {
                args[i] = 0d;
            }
        }
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        return canonical.newInstance(args);
    }

    /** Every record class of the API contract, from wherever its classes were loaded. */
    private static List<Class<?>> apiRecords() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(AuthenticateSessionRequest.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(root)) {
            collect(root, names);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                collect(jar.getPath("/"), names);
            }
        }
        List<Class<?>> records = new ArrayList<>();
        for (String name : names) {
            Class<?> c = Class.forName(name);
            if (c.isRecord()) {
                records.add(c);
            }
        }
        assertThat(records).as("API records found under " + root).hasSizeGreaterThan(50);
        return records;
    }

    private static void collect(Path root, List<String> names) throws IOException {
        Path base = root.resolve("io/latchkey/api");
        try (Stream<Path> files = Files.walk(base)) {
            files.map(p -> root.relativize(p).toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("module-info"))
                    .map(n -> n.substring(0, n.length() - ".class".length())
                            .replace('/', '.')
                            .replace('\\', '.'))
                    .forEach(names::add);
        }
    }
}
