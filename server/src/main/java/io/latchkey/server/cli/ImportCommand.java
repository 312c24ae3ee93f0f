package io.latchkey.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.api.password.MigrateRequest;
import io.latchkey.server.App;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.Json;
import io.latchkey.server.project.Project;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code latchkey import ...}: bulk imports from another system. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import data from another system.",
        subcommands = {ImportCommand.Passwords.class})
public final class ImportCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * {@code latchkey import passwords FILE.csv}: one passwords.migrate per row, each in its own
     * transaction (a row is imported whole or not at all), then a summary. Columns, with a header
     * line: email_address, organization_id, hash_type, hash, options (a JSON object: the hash type's
     * config as passwords.migrate takes it, e.g. {"salt": "...", "n_parameter": 16384, ...} for
     * scrypt; empty for self-describing hashes). Hashes are never printed.
     */
    @Command(
            name = "passwords",
            mixinStandardHelpOptions = true,
            description = "Import members with existing password hashes from a CSV file"
                    + " (email_address,organization_id,hash_type,hash,options).")
    static final class Passwords implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;

        @Option(names = "--project-id", required = true, description = "The project to import into.")
        String projectId;

        @Parameters(index = "0", paramLabel = "FILE.csv")
        Path file;

        @Override
        public Integer call() throws IOException {
            List<List<String>> rows = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
            try (App app = App.open(database.commandSettings(System.getenv()), Clock.systemUTC())) {
                Project project = app.projects()
                        .find(projectId)
                        .orElseThrow(() -> new IllegalArgumentException("no project " + projectId));
                Summary summary = run(app, project, rows, System.err);
                System.out.println(
                        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(summary.asMap()));
                return summary.skipped().isEmpty() ? 0 : 1;
            }
        }
    }

    /** What an import did: rows imported, and each skipped row (1-based line) with its reason. */
    record Summary(int imported, List<Map<String, Object>> skipped) {
        Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("imported", imported);
            out.put("skipped", skipped.size());
            out.put("skipped_rows", skipped);
            return out;
        }
    }

    static Summary run(App app, Project project, List<List<String>> rows, PrintStream progress) {
        int imported = 0;
        List<Map<String, Object>> skipped = new ArrayList<>();
        int total = Math.max(0, rows.size() - 1);
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            try {
                app.passwords().migrate(project, request(row));
                imported++;
            } catch (ApiException | IllegalArgumentException e) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("line", i + 1);
                s.put("email_address", row.isEmpty() ? "" : row.get(0));
                s.put(
                        "reason",
                        e instanceof ApiException a ? a.type().wireName() + ": " + a.getMessage() : e.getMessage());
                skipped.add(s);
            }
            progress(progress, i, total);
        }
        return new Summary(imported, skipped);
    }

    private static void progress(PrintStream out, int done, int total) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
        if (done == total) {
            out.println();
        }
        out.flush();
    }

    static MigrateRequest request(List<String> row) {
        if (row.size() < 4) {
            throw new IllegalArgumentException("expected email_address,organization_id,hash_type,hash[,options]");
        }
        String type = row.get(2).strip();
        String options = row.size() > 4 ? row.get(4).strip() : "";
        JsonNode config;
        try {
            config = options.isEmpty() ? null : Json.mapper().readTree(options);
        } catch (IOException e) {
            throw new IllegalArgumentException("options is not a JSON object");
        }
        if (config != null && !config.isObject()) {
            throw new IllegalArgumentException("options is not a JSON object");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email_address", row.get(0).strip());
        body.put("organization_id", row.get(1).strip());
        body.put("hash_type", type);
        body.put("hash", row.get(3).strip());
        if (config != null) {
            String field = switch (type) {
                case "md_5" -> "md_5_config";
                case "sha_1" -> "sha_1_config";
                case "sha_512" -> "sha_512_config";
                case "argon_2i", "argon_2id" -> "argon_2_config";
                case "scrypt" -> "scrypt_config";
                case "pbkdf_2" -> "pbkdf_2_config";
                default -> throw new IllegalArgumentException("hash_type " + type + " takes no options");
            };
            body.put(field, config);
        }
        return Json.mapper().convertValue(body, MigrateRequest.class);
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
    static final class Csv {
        private Csv() {}

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    if (!(row.size() == 1 && row.get(0).isEmpty())) {
                        rows.add(row);
                    }
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
