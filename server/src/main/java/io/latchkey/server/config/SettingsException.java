package io.latchkey.server.config;

/** A missing or invalid setting: start-up stops with this message, which names the setting. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
