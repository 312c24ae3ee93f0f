package io.latchkey.server.session;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.time.Duration;

/** The contract's bounds on session_duration_minutes: 5 minutes to a year (527040). */
public final class SessionDurations {
    public static final int DEFAULT_MINUTES = 60;
    private static final int MIN = 5;
    private static final int MAX = 527_040;

    private SessionDurations() {}

    /** The requested duration, or the default when null; refuses values out of bounds. */
    public static Duration orDefault(Integer minutes) {
        return minutes == null ? Duration.ofMinutes(DEFAULT_MINUTES) : validated(minutes);
    }

    public static Duration validated(int minutes) {
        if (minutes < MIN || minutes > MAX) {
            throw new ApiException(
                    ErrorType.INVALID_SESSION_DURATION_MINUTES,
                    "session_duration_minutes must be between 5 and 527040.");
        }
        return Duration.ofMinutes(minutes);
    }
}
