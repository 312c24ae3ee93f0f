package io.latchkey.server.cli;

import io.latchkey.server.config.SettingsException;
import io.latchkey.server.core.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * The files start-dev keeps in its data folder: the SQLite database, a generated master key and
 * the dev project's credentials. Dev mode only: production takes its key from the environment
 * and never writes a secret to disk.
 */
final class DevFiles {
    static final String DATABASE = "latchkey.db";
    static final String MASTER_KEY = "master.key";
    static final String DEV_PROJECT = "dev-project.json";

    private DevFiles() {}

    static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve(DATABASE).toAbsolutePath();
    }

    static void ensureDir(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new SettingsException("--data-dir " + dataDir + " cannot be created: " + e.getMessage());
        }
    }

    /** The dev master key, generated on first use and kept readable by the owner only. */
    static byte[] masterKey(Path dataDir) {
        byte[] existing = masterKeyIfPresent(dataDir);
        if (existing != null) {
            return existing;
        }
        byte[] key = Tokens.randomBytes(32);
        writePrivate(dataDir.resolve(MASTER_KEY), Base64.getEncoder().encodeToString(key) + "\n");
        return key;
    }

    static byte[] masterKeyIfPresent(Path dataDir) {
        Path file = dataDir.resolve(MASTER_KEY);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Base64.getDecoder()
                    .decode(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(file + " is unreadable; delete it to start over: " + e.getMessage());
        }
    }

    static void writePrivate(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            // Created owner-only before any byte is written: setting the permissions after the write
            // left the secret readable under the umask's permissions for a moment. A stale temporary
            // file (from an interrupted start) is removed, not reused with whatever permissions it has.
            Files.deleteIfExists(tmp);
            // On a file system without POSIX permissions the folder's own permissions have to do.
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SettingsException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
