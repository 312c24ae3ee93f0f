package io.latchkey.server.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Whether the schema is already current, answered without Flyway: the migrations this binary
 * carries, listed from the class path as Flyway lists them and checksummed as Flyway checksums
 * them, against {@code flyway_schema_history} in one query. Flyway's migrate loads and scans
 * enough to be a tenth of a start's CPU even when it has nothing to do. It is asked only when
 * this check cannot say yes for certain: a pending, changed, failed or newer migration, a history
 * row of any other kind, no history table, or a file in the migration folders that is not a plain
 * versioned SQL migration (Flyway would read it as something else: a callback, a repeatable
 * migration, a script's configuration).
 */
final class CurrentSchema {
    /** A versioned migration as Flyway records it in its history. */
    record Migration(String version, String description, String script, int checksum) {}

    private static final Pattern VERSIONED = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private CurrentSchema() {}

    /** True only when every carried migration, and nothing else, is recorded as applied. */
    static boolean isCurrent(DataSource pool, ClassLoader loader, List<String> locations) {
        Map<String, Migration> carried = carried(loader, locations);
        if (carried == null) {
            return false;
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(
                        "SELECT version, description, type, script, checksum, success FROM flyway_schema_history")) {
            Set<String> recorded = new HashSet<>();
            while (rows.next()) {
                Migration m = carried.get(rows.getString(1));
                int checksum = rows.getInt(5);
                boolean hasChecksum = !rows.wasNull();
                boolean same = m != null
                        && recorded.add(m.version())
                        && m.description().equals(rows.getString(2))
                        && "SQL".equals(rows.getString(3))
                        && m.script().equals(rows.getString(4))
                        && hasChecksum
                        && checksum == m.checksum()
                        && rows.getBoolean(6);
                if (!same) {
                    return false;
                }
            }
            return recorded.size() == carried.size();
        } catch (SQLException e) {
            // No history table yet, or one of another shape: Flyway's to handle.
            return false;
        }
    }

    /** The migrations in {@code locations} by version, or null when Flyway would see more. */
    static Map<String, Migration> carried(ClassLoader loader, List<String> locations) {
        Map<String, Migration> byVersion = new HashMap<>();
        try {
            for (String location : locations) {
                Enumeration<URL> folders = loader.getResources(location);
                if (!folders.hasMoreElements()) {
                    return null;
                }
                while (folders.hasMoreElements()) {
                    if (!addFolder(folders.nextElement(), byVersion)) {
                        return null;
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            return null;
        }
        return byVersion;
    }

    private static boolean addFolder(URL folder, Map<String, Migration> byVersion)
            throws IOException, URISyntaxException {
        if (folder.getProtocol().equals("file")) {
            try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                for (Path file : files.toList()) {
                    if (Files.isDirectory(file)) {
                        return false;
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        if (!add(file.getFileName().toString(), in, byVersion)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        if (folder.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) folder.openConnection();
            connection.setUseCaches(false);
            String prefix = connection.getEntryName() + "/";
            try (JarFile jar = connection.getJarFile()) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
                        continue;
                    }
                    String file = name.substring(prefix.length());
                    if (file.contains("/")) {
                        return false;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        if (!add(file, in, byVersion)) {
                            return false;
                        }
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** Adds a versioned migration; false for any other file Flyway would pick up, or a duplicate. */
    private static boolean add(String file, InputStream content, Map<String, Migration> byVersion) throws IOException {
        if (file.equals("README.md")) {
            return true;
        }
        Matcher name = VERSIONED.matcher(file);
        if (!name.matches()) {
            return false;
        }
        Migration m = new Migration(name.group(1), name.group(2).replace('_', ' '), file, checksum(content));
        return byVersion.putIfAbsent(m.version(), m) == null;
    }

    /**
     * Flyway's checksum of a SQL migration: CRC-32 of its lines as UTF-8, without line endings
     * and with a byte-order mark at the start of a line left out.
     */
    static int checksum(InputStream content) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader lines = new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 4096);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
