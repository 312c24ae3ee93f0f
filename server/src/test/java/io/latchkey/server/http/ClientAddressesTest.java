package io.latchkey.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.IpLiterals;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    static final ClientAddresses NONE_TRUSTED = new ClientAddresses(Set.of());
    static final ClientAddresses BEHIND_TWO_PROXIES =
            new ClientAddresses(Set.of(IpLiterals.parse("10.0.0.1"), IpLiterals.parse("10.0.0.2")));

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        assertThat(NONE_TRUSTED.resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
    }

    @Test
    void aTrustedProxyNamesTheClientAndTheRightmostUntrustedHopWins() {
        assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        // The client wrote the leftmost entry itself: only what the proxies appended counts.
        assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2"))
                .isEqualTo("203.0.113.9");
        assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void forwardedForFromAnUntrustedPeerOrGarbageIsNotBelieved() {
        assertThat(BEHIND_TWO_PROXIES.resolve("198.51.100.7", "203.0.113.9")).isEqualTo("198.51.100.7");
        assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.1", "203.0.113.9, not-an-address"))
                .isEqualTo("10.0.0.1");
        assertThat(BEHIND_TWO_PROXIES.resolve("10.0.0.1", "evil.example, 10.0.0.2"))
                .isEqualTo("10.0.0.2");
    }
}
