package io.latchkey.server.store;

/** The database carries migrations this version of Latchkey does not have: it was upgraded. */
public final class SchemaTooNewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaTooNewException(String databaseVersion, String binaryVersion) {
        super("the database schema is at migration " + databaseVersion + ", newer than this version of"
                + " Latchkey knows (" + binaryVersion + "): run the version that migrated it, or restore the"
                + " backup taken before the upgrade (docs/OPERATIONS.md, Rollback)");
    }
}
