package io.latchkey.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that a response is the contract's error shape (api README §5) with this type. */
public final class ErrorAssert {
    private ErrorAssert() {}

    public static void assertError(ApiResponse r, int status, String errorType) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.errorType()).as(r.toString()).isEqualTo(errorType);
        assertThat(r.body().path("status_code").asInt()).isEqualTo(status);
        assertThat(r.text("request_id")).startsWith("request-id-");
        assertThat(r.text("error_message")).isNotBlank();
        assertThat(r.text("error_url")).startsWith("https://");
        assertThat(r.body().has("error")).isFalse();
        assertThat(r.rawBody())
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContainIgnoringCase("select ")
                .doesNotContainIgnoringCase("insert into");
    }
}
