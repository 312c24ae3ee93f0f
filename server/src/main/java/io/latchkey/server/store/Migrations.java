package io.latchkey.server.store;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;

/** Brings the schema up to date, refusing one written by a newer version. */
final class Migrations {
    private Migrations() {}

    /**
     * See {@link Database#migrate}. Returns true when Flyway ran, false when {@link CurrentSchema}
     * found the schema current and Flyway was not needed.
     */
    static boolean apply(DataSource pool, Dialect dialect) {
        List<String> locations = List.of("db/migration/" + dialect.migrationFolder(), "db/migration/common");
        // Flyway's own default: the class loader its scan for migrations would use.
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Migrations.class.getClassLoader();
        }
        // SQLite only: on PostgreSQL, Flyway keeps its history in the connection's current schema,
        // which an unqualified name in the search path need not resolve to; there Flyway decides.
        if (dialect == Dialect.SQLITE && CurrentSchema.isCurrent(pool, loader, locations)) {
            return false;
        }
        Flyway flyway = Flyway.configure(loader)
                .dataSource(pool)
                .locations(locations.stream().map(l -> "classpath:" + l).toArray(String[]::new))
                .placeholders(dialect.migrationPlaceholders())
                .baselineOnMigrate(false)
                // Flyway skips migrations applied by a newer version by default; counted as
                // errors, they fail migrate()'s validation, so the common start (nothing newer)
                // reads the schema history once instead of twice (a tenth of a start's CPU).
                .ignoreMigrationPatterns(new String[0])
                .load();
        try {
            flyway.migrate();
        } catch (FlywayValidateException e) {
            refuseNewerSchema(flyway);
            throw e;
        }
        return true;
    }

    /**
     * Flyway ignores migrations applied by a newer version by default; an older binary on that
     * schema would then write rows the newer code does not expect (a rollback gone wrong), so it
     * refuses to start instead.
     */
    private static void refuseNewerSchema(Flyway flyway) {
        MigrationInfo newest = null;
        MigrationInfo known = null;
        for (MigrationInfo info : flyway.info().all()) {
            if (info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED) {
                newest = info;
            } else if (info.getVersion() != null && info.getState().isResolved()) {
                known = info;
            }
        }
        if (newest != null) {
            throw new SchemaTooNewException(
                    newest.getVersion().getVersion(),
                    known == null ? "none" : known.getVersion().getVersion());
        }
    }
}
