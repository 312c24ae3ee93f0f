package io.latchkey.server.ops;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The server's logging, set up in code rather than from an XML file: logback's XML reader took a
 * sixth of a start's CPU. One line per event on stderr (stdout is kept for command output, e.g.
 * the CLI's JSON), as text (default) or one JSON object per line, picked by LATCHKEY_LOG_FORMAT
 * and leveled by LATCHKEY_LOG_LEVEL (a system property of that name first, as the config file
 * sets it, then the environment). An application that embeds the server with its own logback
 * file (logback-test.xml, logback.xml or -Dlogback.configurationFile) keeps that file.
 *
 * <p>Lines are written by one background thread, not by the thread that logs: the synchronous
 * write to stderr (a lock and a system call per line) was a measurable part of a session check's
 * CPU. No line is ever dropped (a full queue makes the logger wait, as the synchronous appender
 * did), and {@link #flush()} writes out what is queued: the shutdown hook and the command line's
 * exit call it, so a stop or a start-up failure loses no line.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfiguration extends ContextAwareBase implements Configurator {
    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{20} %msg%n";

    /** Libraries that would otherwise narrate their routine work at INFO. */
    private static final Map<String, Level> QUIETER = Map.of(
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            // During a database outage these warn once per pooled connection, with a stack
            // trace; the server's own line (Database: "database unreachable") says it once.
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "com.zaxxer.hikari.pool.PoolBase", Level.ERROR,
            "org.flywaydb", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (anotherConfigurationIsGiven()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = console(context);

        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName(ASYNC);
        // Every line kept: the default drops INFO and below when the queue is 80 % full, and
        // neverBlock would drop any line on a full queue. A full queue makes loggers wait instead.
        async.setDiscardingThreshold(0);
        async.setNeverBlock(false);
        async.setIncludeCallerData(false);
        async.setQueueSize(QUEUE_SIZE);
        // On stop (flush), wait as long as it takes a sane stderr to take the queue.
        async.setMaxFlushTime(FLUSH_MILLIS);
        async.addAppender(console);
        async.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(setting("LATCHKEY_LOG_LEVEL", "INFO"), Level.INFO));
        root.addAppender(async);
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Writes out every queued line, then goes on logging synchronously (a console appender of its
     * own) for whatever the JVM still logs on its way out. Safe to call more than
     * once and from any thread; does nothing when another configuration is in use.
     */
    public static void flush() {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender(ASYNC) instanceof AsyncAppender async)) {
            return;
        }
        // A console appender of its own first, so a line logged while the queue drains is kept.
        root.addAppender(console(context));
        root.detachAppender(async);
        // stop() writes out the queue (waiting up to maxFlushTime), then stops its own console
        // appender, which leaves stderr open.
        async.stop();
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(setting("LATCHKEY_LOG_FORMAT", "text"));
        console.setTarget("System.err");
        console.setEncoder(encoder(context, "json".equals(console.getName())));
        console.start();
        return console;
    }

    private static final String ASYNC = "async";
    private static final int QUEUE_SIZE = 8192;
    private static final int FLUSH_MILLIS = 10_000;

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            // @timestamp, level, logger_name, thread_name, message, and the named fields a line
            // carries (request_id, method, route, status, duration_ms, ...).
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.setTimeZone("UTC");
            encoder.getFieldNames().setVersion("[ignore]");
            encoder.getFieldNames().setLevelValue("[ignore]");
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static boolean anotherConfigurationIsGiven() {
        ClassLoader loader = LogConfiguration.class.getClassLoader();
        return System.getProperty("logback.configurationFile") != null
                || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null;
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
