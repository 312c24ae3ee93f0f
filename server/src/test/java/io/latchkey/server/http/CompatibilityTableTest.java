package io.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/COMPATIBILITY.md lists exactly the /v1/ routes the server serves, no more, no fewer. */
class CompatibilityTableTest {
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`[^`]+`\\s*\\|\\s*`((?:GET|POST|PUT|DELETE|PATCH) /v1/[^`]+)`\\s*\\|");

    static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(
                relative + " not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theTableListsEveryServedRouteAndNothingElse() throws IOException {
        List<String> documented = new ArrayList<>();
        for (String line : Files.readAllLines(repositoryFile("docs/COMPATIBILITY.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
            }
        }
        assertThat(documented)
                .as("rows of docs/COMPATIBILITY.md")
                .doesNotHaveDuplicates()
                .isNotEmpty();
        try (TestServer server = TestServer.start(o -> o.withDevMode(false))) {
            List<String> served = server.app().routes().stream()
                    .filter(r -> r.contains(" /v1/"))
                    .toList();
            TreeSet<String> missing = new TreeSet<>(served);
            missing.removeAll(documented);
            TreeSet<String> notServed = new TreeSet<>(documented);
            notServed.removeAll(served);
            assertThat(missing)
                    .as("served but missing from docs/COMPATIBILITY.md (add a row for each)")
                    .isEmpty();
            assertThat(notServed).as("in docs/COMPATIBILITY.md but not served").isEmpty();
        }
    }
}
