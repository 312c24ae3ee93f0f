package io.latchkey.server.core;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants on the wire: RFC 3339 in UTC with a literal Z, as both official SDKs require. */
public final class Timestamps {
    private Timestamps() {}

    public static String format(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** Millisecond precision: what the database keeps, so a value reads back as it was written. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
