package io.latchkey.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Ids;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TouchIntervalTest {
    @Test
    void eachSessionHasItsOwnIntervalBetweenFortyAndSixtySeconds() {
        Set<Long> seconds = new HashSet<>();
        IntStream.range(0, 2_000)
                .mapToObj(i -> Ids.newId("member-session", Environment.TEST))
                .forEach(id -> {
                    Duration interval = SessionService.touchInterval(id);
                    assertThat(interval).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(60));
                    assertThat(SessionService.touchInterval(id)).isEqualTo(interval);
                    seconds.add(interval.toSeconds());
                });
        // Spread over the whole span, so that sessions first checked together are written apart.
        assertThat(seconds).hasSizeGreaterThanOrEqualTo(19);
    }
}
