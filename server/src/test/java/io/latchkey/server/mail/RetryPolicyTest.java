package io.latchkey.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void delaysDoubleFromOneSecondWithJitterAndNeverExceedFiveMinutes() {
        for (int round = 0; round < 200; round++) {
            assertBetween(RetryPolicy.delayAfter(1), 750, 1_000);
            assertBetween(RetryPolicy.delayAfter(2), 1_500, 2_000);
            assertBetween(RetryPolicy.delayAfter(3), 3_000, 4_000);
            assertBetween(RetryPolicy.delayAfter(9), 192_000, 256_000);
            assertBetween(RetryPolicy.delayAfter(10), 225_000, 300_000);
            assertBetween(RetryPolicy.delayAfter(200), 225_000, 300_000);
            assertBetween(RetryPolicy.delayAfter(Integer.MAX_VALUE), 225_000, 300_000);
        }
    }

    @Test
    void aMessageIsGivenUpAfterADayOrTooManyAttempts() {
        Instant created = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(RetryPolicy.givesUp(5, created, created.plus(Duration.ofHours(23))))
                .isFalse();
        assertThat(RetryPolicy.givesUp(5, created, created.plus(Duration.ofHours(24))))
                .isTrue();
        assertThat(RetryPolicy.givesUp(RetryPolicy.MAX_ATTEMPTS, created, created))
                .isTrue();
        assertThat(RetryPolicy.givesUp(RetryPolicy.MAX_ATTEMPTS - 1, created, created))
                .isFalse();
    }

    private static void assertBetween(Duration d, long minMillis, long maxMillis) {
        assertThat(d.toMillis()).isBetween(minMillis, maxMillis);
    }
}
