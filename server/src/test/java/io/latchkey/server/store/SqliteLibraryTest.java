package io.latchkey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept copy of the driver's library is the jar's, whatever was left in its place. */
class SqliteLibraryTest {
    @TempDir
    Path data;

    @Test
    void theCopyIsTheJarsAndAChangedOneIsRewritten() throws Exception {
        Path copy = SqliteLibrary.keptCopy(data.resolve("native"));
        assertThat(copy).isNotNull();
        byte[] library = Files.readAllBytes(copy);
        assertThat(Files.getPosixFilePermissions(copy.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(SqliteLibrary.keptCopy(data.resolve("native"))).isEqualTo(copy);

        Files.write(copy, new byte[library.length]);
        assertThat(SqliteLibrary.keptCopy(data.resolve("native"))).isEqualTo(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);
    }

    @Test
    void aFolderOthersMayWriteIsNotUsed() throws Exception {
        Path shared = Files.createDirectory(data.resolve("native"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(SqliteLibrary.keptCopy(shared)).isNull();
    }
}
