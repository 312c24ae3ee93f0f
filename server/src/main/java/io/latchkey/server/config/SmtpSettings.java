package io.latchkey.server.config;

/**
 * Where production mail goes. {@code security} is {@code none}, {@code starttls} or {@code tls}.
 * Username and password may be null for an unauthenticated relay.
 */
public record SmtpSettings(String host, int port, String username, String password, String from, String security) {

    public SmtpSettings {
        if (!security.equals("none") && !security.equals("starttls") && !security.equals("tls")) {
            throw new SettingsException("LATCHKEY_SMTP_SECURITY must be none, starttls or tls");
        }
    }
}
