package io.latchkey.server.config;

import java.time.Duration;
import java.util.Locale;

/**
 * One limit: at most {@code count} events per {@code window}, the window starting at the first
 * event it counts. Written {@code COUNT/WINDOW} in settings ({@code 10/10m}, {@code 300/1m},
 * {@code 5/30s}, {@code 100/1h}); {@code off} disables the limit. Immutable.
 */
public record RateLimit(long count, Duration window) {
    /** No limit at all. */
    public static final RateLimit OFF = new RateLimit(0, Duration.ZERO);

    public RateLimit {
        if (count < 0 || window == null || window.isNegative()) {
            throw new SettingsException("a rate limit needs a count >= 0 and a window");
        }
    }

    public static RateLimit of(long count, Duration window) {
        return new RateLimit(count, window);
    }

    public boolean isOff() {
        return count == 0 || window.isZero();
    }

    /**
     * Parses {@code COUNT/WINDOW} or {@code off}; {@code setting} names the variable in the
     * message when the value is not one.
     */
    public static RateLimit parse(String setting, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return OFF;
        }
        int slash = v.indexOf('/');
        if (slash <= 0 || slash == v.length() - 1) {
            throw invalid(setting, value);
        }
        long count;
        try {
            count = Long.parseLong(v.substring(0, slash));
        } catch (NumberFormatException e) {
            throw invalid(setting, value);
        }
        String w = v.substring(slash + 1);
        char unit = w.charAt(w.length() - 1);
        long amount;
        try {
            amount = Long.parseLong(w.substring(0, w.length() - 1));
        } catch (NumberFormatException e) {
            throw invalid(setting, value);
        }
        Duration window = switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw invalid(setting, value);
        };
        if (count < 1 || amount < 1 || window.compareTo(Duration.ofDays(1)) > 0) {
            throw invalid(setting, value);
        }
        return new RateLimit(count, window);
    }

    private static SettingsException invalid(String setting, String value) {
        return new SettingsException(setting + " must be COUNT/WINDOW with a window of at most 24h"
                + " (for example 10/10m, 300/1m, 5/30s) or off, got '" + value + "'");
    }

    @Override
    public String toString() {
        return isOff() ? "off" : count + "/" + window.toSeconds() + "s";
    }
}
