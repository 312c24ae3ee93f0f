package io.latchkey.server.core;

/** A project is a test or a live project; every id it mints carries the same marker. */
public enum Environment {
    TEST("test"),
    LIVE("live");

    private final String marker;

    Environment(String marker) {
        this.marker = marker;
    }

    /** {@code test} or {@code live}, as it appears inside ids. */
    public String marker() {
        return marker;
    }

    public static Environment ofMarker(String marker) {
        for (Environment e : values()) {
            if (e.marker.equals(marker)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown environment " + marker);
    }
}
