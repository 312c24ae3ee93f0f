package io.latchkey.server.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The RFC 6238 arithmetic against the RFC's own test vectors (SHA-1, last six of eight digits). */
class TotpCodesTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesMatchTheRfc6238Vectors() {
        assertThat(code(59)).isEqualTo("287082");
        assertThat(code(1111111109)).isEqualTo("081804");
        assertThat(code(1111111111)).isEqualTo("050471");
        assertThat(code(1234567890)).isEqualTo("005924");
        assertThat(code(2000000000)).isEqualTo("279037");
        assertThat(code(20000000000L)).isEqualTo("353130");
    }

    @Test
    void matchingStepAcceptsOneStepEitherSideAndNoMore() {
        Instant now = Instant.ofEpochSecond(1234567890);
        long step = TotpCodes.stepAt(now);
        assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, step), now))
                .hasValue(step);
        assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, step - 1), now))
                .hasValue(step - 1);
        assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, step + 1), now))
                .hasValue(step + 1);
        assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, step + 2), now))
                .isEmpty();
        assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, step - 2), now))
                .isEmpty();
    }

    @Test
    void base32RoundTripsAndReadsTheRfcSecret() {
        assertThat(Base32.encode(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Base32.decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")).isEqualTo(RFC_SECRET);
        byte[] odd = {1, 2, 3, 4, 5, 6, 7};
        assertThat(Base32.decode(Base32.encode(odd))).isEqualTo(odd);
        assertThatThrownBy(() -> Base32.decode("ABC1")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String code(long epochSecond) {
        return TotpCodes.code(RFC_SECRET, TotpCodes.stepAt(Instant.ofEpochSecond(epochSecond)));
    }
}
