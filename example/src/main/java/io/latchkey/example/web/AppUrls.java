package io.latchkey.example.web;

import java.util.function.IntSupplier;

/**
 * Where browsers reach the app. Known only once the server is bound when the port is 0 (tests),
 * hence the supplier.
 */
public final class AppUrls {
    private final String configured;
    private final IntSupplier boundPort;

    /** @param configured the configured public URL, or null for {@code http://localhost:<port>} */
    public AppUrls(String configured, IntSupplier boundPort) {
        this.configured = configured;
        this.boundPort = boundPort;
    }

    public String base() {
        return configured != null ? configured : "http://localhost:" + boundPort.getAsInt();
    }

    /**
     * Whether browsers reach the app over https, so that its cookies must be {@code Secure}. From
     * the configured URL only: the default {@code http://localhost:<port>} is plain http.
     */
    public boolean https() {
        return configured != null && configured.startsWith("https://");
    }

    /** Where emailed links land: the login and the signup redirect URL. */
    public String authenticate() {
        return base() + "/authenticate";
    }

    /** Where emailed discovery links land (the organization is chosen there). */
    public String discovery() {
        return base() + "/discovery";
    }
}
