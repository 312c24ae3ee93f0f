package io.latchkey.server.ops;

import java.util.Locale;

/**
 * Start-up work that the way to the first answered request does not need, moved out of its way.
 * Called first thing by the command line; a server embedded in tests starts without it, only
 * more slowly.
 */
public final class StartupShortcuts {
    /** Jetty's padding against false sharing, in object references per cache line. */
    static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private StartupShortcuts() {}

    public static void apply() {
        // Unless told, Jetty asks the platform MBean server for the JVM's reference size, and
        // creating that server (every platform MXBean registered) was a tenth of a start's CPU
        // before the port opened. Sixteen references fill its 64-byte line with compressed
        // references (any heap under 32 GiB, the launcher's included); without them they pad
        // twice as much as needed, which costs a little memory and nothing else.
        if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16");
        }
        // The JDK's list of locales, which Jetty's MIME table reads once when the server is
        // built, takes tens of milliseconds to make: made on the other core while the database
        // opens, then kept by the JDK.
        Thread locales = new Thread(Locale::getAvailableLocales, "locale-list");
        locales.setDaemon(true);
        locales.start();
    }
}
