package io.latchkey.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The example's settings, from {@code LATCHKEY_*} / {@code EXAMPLE_*} environment variables and
 * command-line flags (a flag wins over its variable).
 *
 * <p>The secret is never taken from a flag: flags show up in {@code ps} and shell history. It
 * comes from {@code LATCHKEY_SECRET} or from start-dev's {@code dev-project.json}
 * ({@code --dev-project FILE}), which holds both the project id and the secret.
 *
 * @param projectId Latchkey project id; not null
 * @param secret the project's secret; not null, never logged
 * @param latchkeyUrl the Latchkey server's root URL; not null
 * @param host the interface to listen on
 * @param port the port to listen on; 0 picks a free one (tests)
 * @param dbPath the example's own SQLite file
 * @param publicUrl the URL browsers reach the app at, without trailing slash; null means {@code
 *     http://localhost:<port>} once the port is known
 * @param publicToken the project's public token, which the browser's SSO start URL carries; null
 *     hides "Sign in with SSO"
 */
public record ExampleConfig(
        String projectId,
        String secret,
        String latchkeyUrl,
        String host,
        int port,
        Path dbPath,
        String publicUrl,
        String publicToken) {

    public static final String DEFAULT_LATCHKEY_URL = "http://127.0.0.1:8080";
    public static final int DEFAULT_PORT = 3000;
    public static final String DEFAULT_DB = "./example-data/example.db";
    // The loopback interface only by default, like start-dev: this is a development tool.
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static final String USAGE = """
      Usage: latchkey-example [--dev-project FILE] [--project-id ID] [--latchkey-url URL]
                              [--port N] [--host HOST] [--db FILE] [--public-url URL]
                              [--public-token TOKEN]

      Settings (a flag wins over its variable):
        LATCHKEY_PROJECT_ID  --project-id    Latchkey project id (or from --dev-project)
        LATCHKEY_SECRET                      the project's secret (or from --dev-project)
        LATCHKEY_URL         --latchkey-url  default http://127.0.0.1:8080
        EXAMPLE_PORT         --port          default 3000
        EXAMPLE_HOST         --host          default 127.0.0.1
        EXAMPLE_DB           --db            default ./example-data/example.db
        EXAMPLE_PUBLIC_URL   --public-url    default http://localhost:<port>
        LATCHKEY_PUBLIC_TOKEN --public-token the project's public token, for "Sign in with SSO"
                                             (or from --dev-project; without one, SSO is not offered)
                             --dev-project   start-dev's data/dev-project.json: project id, secret
                                             and public token
        EXAMPLE_LOG_LEVEL                    default INFO
      """;

    public ExampleConfig {
        require(projectId, "LATCHKEY_PROJECT_ID (or --project-id, or --dev-project FILE)");
        require(secret, "LATCHKEY_SECRET (or --dev-project FILE)");
        require(latchkeyUrl, "LATCHKEY_URL");
        if (port < 0 || port > 65535) {
            throw new ConfigException("EXAMPLE_PORT must be 0-65535, was " + port);
        }
        if (publicUrl != null) {
            publicUrl = stripSlash(publicUrl);
            requireHttpUrl(publicUrl, "EXAMPLE_PUBLIC_URL");
        }
        requireHttpUrl(latchkeyUrl, "LATCHKEY_URL");
        publicToken = isBlank(publicToken) ? null : publicToken.strip();
    }

    /** A config for tests and embedding: a free port, loopback only, the given database file. */
    public static ExampleConfig forTest(String projectId, String secret, String latchkeyUrl, Path db) {
        return new ExampleConfig(projectId, secret, latchkeyUrl, DEFAULT_HOST, 0, db, null, null);
    }

    /** This config with the project's public token, which turns "Sign in with SSO" on. */
    public ExampleConfig withPublicToken(String value) {
        return new ExampleConfig(projectId, secret, latchkeyUrl, host, port, dbPath, publicUrl, value);
    }

    /**
     * Reads the settings.
     *
     * @throws ConfigException naming the setting that is missing or invalid
     */
    public static ExampleConfig from(Map<String, String> env, String[] args) {
        Flags flags = Flags.parse(args);
        String projectId = flags.or("--project-id", env.get("LATCHKEY_PROJECT_ID"));
        String secret = env.get("LATCHKEY_SECRET");
        String publicToken = flags.or("--public-token", env.get("LATCHKEY_PUBLIC_TOKEN"));
        String devProject = flags.get("--dev-project");
        if (devProject != null) {
            JsonNode file = readDevProject(Path.of(devProject));
            if (isBlank(projectId)) {
                projectId = file.path("project_id").asText(null);
            }
            if (isBlank(secret)) {
                secret = file.path("secret").asText(null);
            }
            if (isBlank(publicToken)) {
                publicToken = file.path("public_token").asText(null);
            }
        }
        String latchkeyUrl =
                stripSlash(flags.or("--latchkey-url", env.getOrDefault("LATCHKEY_URL", DEFAULT_LATCHKEY_URL)));
        String host = flags.or("--host", env.getOrDefault("EXAMPLE_HOST", DEFAULT_HOST));
        int port = parsePort(flags.or("--port", env.getOrDefault("EXAMPLE_PORT", "" + DEFAULT_PORT)));
        Path db = Path.of(flags.or("--db", env.getOrDefault("EXAMPLE_DB", DEFAULT_DB)));
        String publicUrl = flags.or("--public-url", env.get("EXAMPLE_PUBLIC_URL"));
        return new ExampleConfig(
                projectId, secret, latchkeyUrl, host, port, db, blankToNull(publicUrl), blankToNull(publicToken));
    }

    private static JsonNode readDevProject(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--dev-project " + file + " does not exist: start `./latchkey start-dev` first");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException("--dev-project " + file + " is not start-dev's JSON: " + e.getMessage());
        }
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException("EXAMPLE_PORT must be a number, was '" + value + "'");
        }
    }

    private static void require(String value, String name) {
        if (isBlank(value)) {
            throw new ConfigException(name + " is required");
        }
    }

    private static void requireHttpUrl(String value, String name) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " is not a URL: " + value);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(name + " must be an http(s) URL, was " + value);
        }
    }

    private static String stripSlash(String url) {
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    /** A setting is missing or invalid; the message names it. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }

    /** {@code --name value} pairs; anything else is refused so that typos do not pass silently. */
    private record Flags(Map<String, String> values) {
        private static final java.util.Set<String> KNOWN = java.util.Set.of(
                "--project-id",
                "--latchkey-url",
                "--port",
                "--host",
                "--db",
                "--public-url",
                "--dev-project",
                "--public-token");

        static Flags parse(String[] args) {
            Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    value = null;
                }
                if (arg.equals("--secret")) {
                    throw new ConfigException(
                            "--secret is not accepted (flags are visible to other users): set LATCHKEY_SECRET");
                }
                if (!KNOWN.contains(arg)) {
                    throw new ConfigException("unknown option " + arg);
                }
                if (value == null) {
                    throw new ConfigException(arg + " needs a value");
                }
                values.put(arg, value);
            }
            return new Flags(values);
        }

        String get(String name) {
            return values.get(name);
        }

        String or(String name, String fallback) {
            String v = values.get(name);
            return v != null ? v : fallback;
        }
    }
}
