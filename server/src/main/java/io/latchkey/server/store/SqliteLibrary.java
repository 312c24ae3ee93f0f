package io.latchkey.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * The SQLite driver's native library, kept in a folder of the development server's instead of
 * written anew on every start. Left to itself the driver inflates its library out of its jar into
 * the temporary folder under a new name each time and reads it back to compare: a sixth of a
 * start's CPU before the port opened. The kept copy is checked against the jar's own size and
 * CRC-32 of it on every start, and rewritten when it differs; the folder is the owner's alone, in
 * the data folder beside the master key, so whoever could change the copy could change the key.
 * Anything unexpected (no jar, no POSIX permissions, a folder others may write) leaves the driver
 * to do as it always did.
 */
public final class SqliteLibrary {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteLibrary() {}

    /** Points the driver at the kept copy in {@code folder}, unless the JVM already names one. */
    public static void useCopyIn(Path folder) {
        if (System.getProperty("org.sqlite.lib.path") != null || System.getProperty("org.sqlite.lib.name") != null) {
            return;
        }
        Path copy = keptCopy(folder);
        if (copy != null) {
            System.setProperty("org.sqlite.lib.path", copy.getParent().toString());
            System.setProperty("org.sqlite.lib.name", copy.getFileName().toString());
        }
    }

    /** The checked copy of this platform's library in {@code folder}, or null to leave it to the driver. */
    static Path keptCopy(Path folder) {
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            URL library = SQLiteJDBCLoader.class.getResource(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name);
            if (library == null || !library.getProtocol().equals("jar")) {
                return null;
            }
            JarURLConnection connection = (JarURLConnection) library.openConnection();
            JarEntry entry = connection.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0 || !ownersAlone(folder)) {
                return null;
            }
            Path copy = folder.resolve(String.format("sqlite-%08x-%s", entry.getCrc(), name));
            if (matches(copy, entry)) {
                return copy;
            }
            Path partial = Files.createTempFile(folder, "sqlite-", ".partial");
            try {
                try (InputStream in = connection.getInputStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return matches(copy, entry) ? copy : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Creates {@code folder} for its owner alone; false when it exists and others may write to it. */
    private static boolean ownersAlone(Path folder) throws IOException {
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // Checked below.
        } catch (UnsupportedOperationException e) {
            return false;
        }
        return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                && Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)
                        .equals(OWNER_ONLY)
                && Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS)
                        .equals(Files.getOwner(folder.getParent() == null ? folder : folder.getParent()));
    }

    private static boolean matches(Path copy, JarEntry entry) throws IOException {
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) || Files.size(copy) != entry.getSize()) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(copy));
        return crc.getValue() == entry.getCrc();
    }
}
