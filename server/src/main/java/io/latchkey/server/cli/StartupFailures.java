package io.latchkey.server.cli;

import io.latchkey.server.config.SettingsException;
import io.latchkey.server.store.DatabaseUnavailableException;
import io.latchkey.server.store.SchemaTooNewException;
import java.net.BindException;
import java.sql.SQLException;

/**
 * The mistakes an operator makes first, said in one line that names the setting and the fix, in
 * place of the stack trace they would otherwise end in. The full trace is printed as well at
 * {@code LATCHKEY_LOG_LEVEL=DEBUG}.
 */
public final class StartupFailures {
    private StartupFailures() {}

    /** One line for {@code e}, or null when it is not a failure an operator can fix by a setting. */
    public static String explain(Throwable e) {
        if (e instanceof SettingsException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException unavailable) {
                return database(unavailable);
            }
            if (t instanceof BindException || t.getClass().getSimpleName().equals("JavalinBindException")) {
                return firstLine(t.getMessage()) + ": stop the process that holds it, or choose another"
                        + " port with --port / LATCHKEY_PORT";
            }
            if (t instanceof SchemaTooNewException) {
                return t.getMessage();
            }
        }
        return null;
    }

    private static String database(DatabaseUnavailableException e) {
        SQLException sql = sqlCause(e);
        String reason = sql == null ? firstLine(e.getMessage()) : firstLine(sql.getMessage());
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String where = e.getMessage().startsWith("cannot open the database ")
                ? e.getMessage().substring("cannot open the database ".length()).split(": ", 2)[0]
                : "";
        if (where.startsWith("jdbc:sqlite:")) {
            return "cannot open the SQLite database " + where.substring("jdbc:sqlite:".length())
                    + " (" + reason + "): check that its folder exists and is writable, or fix"
                    + " --data-dir / --db-url / LATCHKEY_DB_URL";
        }
        if (state.equals("3D000")) {
            return "the database named in LATCHKEY_DB_URL does not exist (" + reason + "): create it"
                    + " (createdb NAME) or fix the name in --db-url / LATCHKEY_DB_URL (" + where + ")";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return "the database refused the credentials (" + reason + "): fix LATCHKEY_DB_USER /"
                    + " LATCHKEY_DB_PASSWORD (or the user in LATCHKEY_DB_URL)";
        }
        return "cannot reach the database at " + where + " (" + reason + "): check that PostgreSQL is"
                + " running there and that --db-url / LATCHKEY_DB_URL names its host and port";
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.replaceFirst("^FATAL:\\s+", "");
    }

    /** True when the operator asked for full detail (LATCHKEY_LOG_LEVEL=DEBUG or TRACE). */
    public static boolean verbose(String logLevel) {
        return logLevel != null && (logLevel.equalsIgnoreCase("DEBUG") || logLevel.equalsIgnoreCase("TRACE"));
    }
}
