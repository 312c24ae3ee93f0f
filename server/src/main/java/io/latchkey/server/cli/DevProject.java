package io.latchkey.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.config.SettingsException;
import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Json;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.project.RedirectUrl;
import io.latchkey.server.project.RedirectUrlType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project start-dev creates on first start and prints on every start. Its secret is kept in
 * the data folder so it can be printed again: acceptable for a developer's machine only.
 */
final class DevProject {
    /** Where the example application listens by default; its /authenticate completes links. */
    static final String EXAMPLE_APP = "http://localhost:3000";

    record Credentials(String projectId, String secret, String publicToken) {}

    private DevProject() {}

    static Credentials ensure(ProjectService projects, Path dataDir) {
        Path file = dataDir.resolve(DevFiles.DEV_PROJECT);
        if (Files.exists(file)) {
            try {
                JsonNode node = Json.mapper().readTree(file.toFile());
                String projectId = node.path("project_id").asText();
                String secret = node.path("secret").asText();
                if (projects.authenticate(projectId, secret, "command line").isPresent()) {
                    // A data folder from before public tokens: its project gets one now.
                    String publicToken = projects.publicTokens(projectId).stream()
                            .findFirst()
                            .orElseGet(() -> projects.createPublicToken(projectId))
                            .publicToken();
                    Credentials credentials = new Credentials(projectId, secret, publicToken);
                    if (!Tokens.constantTimeEquals(
                            publicToken, node.path("public_token").asText())) {
                        write(file, credentials);
                    }
                    return credentials;
                }
            } catch (IOException e) {
                throw new SettingsException(file + " is unreadable; delete it to start over");
            }
        }
        List<RedirectUrl> urls = new ArrayList<>();
        for (RedirectUrlType type : RedirectUrlType.values()) {
            urls.add(new RedirectUrl("http://localhost:*", type, false));
            urls.add(new RedirectUrl("http://127.0.0.1:*", type, false));
            String path = type == RedirectUrlType.DISCOVERY ? "/discovery" : "/authenticate";
            urls.add(new RedirectUrl(EXAMPLE_APP + path, type, true));
        }
        NewProject created = projects.create("Development project", Environment.TEST, urls);
        Credentials credentials =
                new Credentials(created.project().projectId(), created.secret(), created.publicToken());
        write(file, credentials);
        return credentials;
    }

    /** The file the example app reads ({@code --dev-project}): project id, secret and public token. */
    private static void write(Path file, Credentials credentials) {
        try {
            DevFiles.writePrivate(
                    file,
                    Json.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(Map.of(
                                    "project_id",
                                    credentials.projectId(),
                                    "secret",
                                    credentials.secret(),
                                    "public_token",
                                    credentials.publicToken())));
        } catch (IOException e) {
            throw new SettingsException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
