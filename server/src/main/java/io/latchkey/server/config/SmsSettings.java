package io.latchkey.server.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where production SMS goes: a Twilio-compatible messages endpoint, called with a form POST of
 * {@code To}, {@code From} and {@code Body} under HTTP Basic {@code accountSid:authToken}.
 * Immutable; {@link #toString()} leaves the token out.
 *
 * @param providerUrl the full URL to POST to (for Twilio:
 *     {@code https://api.twilio.com/2010-04-01/Accounts/<sid>/Messages.json}); https, or http to a
 *     loopback address only, so credentials and codes never cross a network in clear text
 * @param from the sender number (E.164) or sender id the provider accepts
 */
public record SmsSettings(URI providerUrl, String accountSid, String authToken, String from) {

    public SmsSettings {
        if (providerUrl == null || providerUrl.getHost() == null) {
            throw new SettingsException("LATCHKEY_SMS_PROVIDER_URL must be an absolute http(s) URL");
        }
        String scheme = providerUrl.getScheme();
        boolean loopback = isLoopback(providerUrl.getHost());
        if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
            throw new SettingsException(
                    "LATCHKEY_SMS_PROVIDER_URL must use https (http is allowed for a loopback address only)");
        }
        if (accountSid == null || accountSid.isBlank()) {
            throw new SettingsException("LATCHKEY_SMS_ACCOUNT_SID is required when LATCHKEY_SMS_PROVIDER_URL is set");
        }
        if (authToken == null || authToken.isBlank()) {
            throw new SettingsException("LATCHKEY_SMS_AUTH_TOKEN is required when LATCHKEY_SMS_PROVIDER_URL is set");
        }
        if (from == null || from.isBlank()) {
            throw new SettingsException("LATCHKEY_SMS_FROM is required when LATCHKEY_SMS_PROVIDER_URL is set");
        }
    }

    /** Reads the SMS settings from the environment; null when LATCHKEY_SMS_PROVIDER_URL is unset. */
    public static SmsSettings fromEnv(java.util.Map<String, String> env) {
        String url = env.get("LATCHKEY_SMS_PROVIDER_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new SettingsException("LATCHKEY_SMS_PROVIDER_URL is not a valid URL");
        }
        return new SmsSettings(
                uri,
                env.get("LATCHKEY_SMS_ACCOUNT_SID"),
                env.get("LATCHKEY_SMS_AUTH_TOKEN"),
                env.get("LATCHKEY_SMS_FROM"));
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public String toString() {
        return "SmsSettings[providerUrl=" + providerUrl + ", accountSid=" + accountSid + ", from=" + from + "]";
    }
}
