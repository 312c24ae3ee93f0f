package io.latchkey.server.config;

import io.latchkey.server.core.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Everything the server is configured with, read once at start-up from command-line flags and
 * {@code LATCHKEY_*} environment variables (flags win). Immutable. A bad value stops start-up
 * with a message naming the setting; nothing is silently corrected.
 *
 * @param devMode true for {@code start-dev}: dev mailbox on, secrets kept in the data dir
 * @param host interface to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDir where start-dev keeps its database and dev files; null in production
 * @param dbUrl JDBC URL (jdbc:sqlite:… or jdbc:postgresql:…)
 * @param masterKey 32-byte AES key that encrypts signing keys at rest
 * @param baseUrl public URL of this server, without a trailing slash
 * @param smtp outgoing mail server; null means mail stays in the outbox (dev mailbox)
 * @param templateDir folder of operator-supplied mail templates; null for the built-in ones
 * @param sms outgoing SMS provider; null means SMS stays in the outbox (dev mailbox)
 * @param rateLimits the rate limits and the proxies trusted to name the client address
 * @param mailSenders how many outbox messages a node hands to SMTP or the SMS provider at once,
 *     each over a connection of its own (LATCHKEY_MAIL_SENDERS)
 * @param passwordHashing Argon2id parameters and the hashing pool for member passwords
 * @param managementPort where /metrics, /healthz and /readyz are served: null on the API port
 *     (start-dev), {@link #MANAGEMENT_OFF} for no /metrics and the probes on the API port, else a
 *     port of their own (0 picks a free one)
 * @param ssoAllowedPrivateNetworks internal networks an IdP may be called in all the same
 *     (LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS); start-dev calls any address
 */
public record Settings(
        boolean devMode,
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        byte[] masterKey,
        String baseUrl,
        SmtpSettings smtp,
        Path templateDir,
        SmsSettings sms,
        RateLimits rateLimits,
        int mailSenders,
        PasswordHashing passwordHashing,
        Integer managementPort,
        List<Cidr> ssoAllowedPrivateNetworks) {

    public static final int DEFAULT_PORT = 8080;
    /** Keycloak's management port, and a common one for a server's operational endpoints. */
    public static final int DEFAULT_MANAGEMENT_PORT = 9000;
    /** LATCHKEY_MANAGEMENT_PORT=off: no /metrics at all; /healthz and /readyz on the API port. */
    public static final int MANAGEMENT_OFF = -1;

    private static final String KEY_HINT = ": generate one with openssl rand -base64 32";
    /** Enough to keep an SMTP round trip per message off the login's path; see OutboxSender. */
    public static final int DEFAULT_MAIL_SENDERS = 4;

    static final int MAX_MAIL_SENDERS = 64;

    /** Settings with the default password hashing. */
    public Settings(
            boolean devMode,
            String host,
            int port,
            Path dataDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            int dbPoolSize,
            byte[] masterKey,
            String baseUrl,
            SmtpSettings smtp,
            Path templateDir,
            SmsSettings sms,
            RateLimits rateLimits,
            int mailSenders) {
        this(
                devMode,
                host,
                port,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize,
                masterKey,
                baseUrl,
                smtp,
                templateDir,
                sms,
                rateLimits,
                mailSenders,
                PasswordHashing.defaults());
    }

    /** Settings that serve the operational endpoints on the API port. */
    public Settings(
            boolean devMode,
            String host,
            int port,
            Path dataDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            int dbPoolSize,
            byte[] masterKey,
            String baseUrl,
            SmtpSettings smtp,
            Path templateDir,
            SmsSettings sms,
            RateLimits rateLimits,
            int mailSenders,
            PasswordHashing passwordHashing) {
        this(
                devMode,
                host,
                port,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize,
                masterKey,
                baseUrl,
                smtp,
                templateDir,
                sms,
                rateLimits,
                mailSenders,
                passwordHashing,
                null,
                List.of());
    }

    /** Settings with the default number of mail senders. */
    public Settings(
            boolean devMode,
            String host,
            int port,
            Path dataDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            int dbPoolSize,
            byte[] masterKey,
            String baseUrl,
            SmtpSettings smtp,
            Path templateDir,
            SmsSettings sms,
            RateLimits rateLimits) {
        this(
                devMode,
                host,
                port,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize,
                masterKey,
                baseUrl,
                smtp,
                templateDir,
                sms,
                rateLimits,
                DEFAULT_MAIL_SENDERS);
    }

    /** Settings without an SMS provider. */
    public Settings(
            boolean devMode,
            String host,
            int port,
            Path dataDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            int dbPoolSize,
            byte[] masterKey,
            String baseUrl,
            SmtpSettings smtp,
            Path templateDir) {
        this(
                devMode,
                host,
                port,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize,
                masterKey,
                baseUrl,
                smtp,
                templateDir,
                null);
    }

    /** Settings with the default rate limits. */
    public Settings(
            boolean devMode,
            String host,
            int port,
            Path dataDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            int dbPoolSize,
            byte[] masterKey,
            String baseUrl,
            SmtpSettings smtp,
            Path templateDir,
            SmsSettings sms) {
        this(
                devMode,
                host,
                port,
                dataDir,
                dbUrl,
                dbUser,
                dbPassword,
                dbPoolSize,
                masterKey,
                baseUrl,
                smtp,
                templateDir,
                sms,
                RateLimits.defaults());
    }

    public Settings {
        if (port < 0 || port > 65535) {
            throw new SettingsException("LATCHKEY_PORT must be between 0 and 65535");
        }
        if (dbUrl == null || dbUrl.isBlank()) {
            throw new SettingsException("LATCHKEY_DB_URL is required");
        }
        if (masterKey == null || masterKey.length != 32) {
            throw new SettingsException("LATCHKEY_MASTER_KEY must be 32 bytes, base64-encoded" + KEY_HINT);
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new SettingsException("LATCHKEY_BASE_URL is required");
        }
        if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
            throw new SettingsException("LATCHKEY_BASE_URL must start with https:// (or http://), got '" + baseUrl
                    + "': write the public URL in full, e.g. https://" + baseUrl.replaceFirst("^[a-z]*:/*", ""));
        }
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        if (dbPoolSize < 1) {
            throw new SettingsException("LATCHKEY_DB_POOL_SIZE must be at least 1");
        }
        if (rateLimits == null) {
            throw new SettingsException("the rate limits are required (RateLimits.defaults() or OFF)");
        }
        if (managementPort != null
                && managementPort != MANAGEMENT_OFF
                && (managementPort < 0 || managementPort > 65535 || (managementPort != 0 && managementPort == port))) {
            throw new SettingsException(
                    "LATCHKEY_MANAGEMENT_PORT must be a port other than LATCHKEY_PORT" + " (0-65535), or off");
        }
        if (mailSenders < 1 || mailSenders > MAX_MAIL_SENDERS) {
            throw new SettingsException("LATCHKEY_MAIL_SENDERS must be between 1 and " + MAX_MAIL_SENDERS);
        }
        if (passwordHashing == null) {
            throw new SettingsException("the password hashing settings are required (PasswordHashing.defaults())");
        }
        ssoAllowedPrivateNetworks =
                ssoAllowedPrivateNetworks == null ? List.of() : List.copyOf(ssoAllowedPrivateNetworks);
    }

    /**
     * LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS: comma-separated networks ({@code 10.1.2.0/24}) or
     * addresses an IdP may be called in although they are private; none when unset.
     */
    public static List<Cidr> ssoAllowedPrivateNetworks(Map<String, String> env) {
        String name = "LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS";
        List<Cidr> out = new ArrayList<>();
        for (String part : env.getOrDefault(name, "").split(",", -1)) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Cidr.parse(part));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(name + " must list networks (10.1.2.0/24) or addresses separated by"
                        + " commas: " + e.getMessage());
            }
            if (out.get(out.size() - 1).prefix() == 0) {
                throw new SettingsException(
                        name + " may not allow every address (" + part.strip() + "): name the IdP's network");
            }
        }
        return out;
    }

    /** Decodes LATCHKEY_MASTER_KEY (standard or URL-safe base64 of 32 bytes). */
    public static byte[] decodeMasterKey(String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException("LATCHKEY_MASTER_KEY is required (32 random bytes, base64)" + KEY_HINT);
        }
        byte[] key;
        try {
            String v = value.strip();
            key = v.contains("-") || v.contains("_")
                    ? Base64.getUrlDecoder().decode(v)
                    : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("LATCHKEY_MASTER_KEY is not valid base64" + KEY_HINT);
        }
        if (key.length != 32) {
            throw new SettingsException("LATCHKEY_MASTER_KEY must decode to 32 bytes, got " + key.length + KEY_HINT);
        }
        return key;
    }

    /** Reads the SMTP settings from the environment; null when LATCHKEY_SMTP_HOST is unset. */
    public static SmtpSettings smtpFromEnv(Map<String, String> env) {
        String host = env.get("LATCHKEY_SMTP_HOST");
        if (host == null || host.isBlank()) {
            return null;
        }
        String from = env.get("LATCHKEY_SMTP_FROM");
        if (from == null || from.isBlank()) {
            throw new SettingsException("LATCHKEY_SMTP_FROM is required when LATCHKEY_SMTP_HOST is set");
        }
        String security = env.getOrDefault("LATCHKEY_SMTP_SECURITY", "starttls");
        int defaultPort = switch (security) {
            case "tls" -> 465;
            case "none" -> 25;
            default -> 587;
        };
        return new SmtpSettings(
                host,
                intSetting(env, "LATCHKEY_SMTP_PORT", defaultPort),
                env.get("LATCHKEY_SMTP_USERNAME"),
                env.get("LATCHKEY_SMTP_PASSWORD"),
                from,
                security);
    }

    /** LATCHKEY_MANAGEMENT_PORT: a port, or {@code off} ({@link #MANAGEMENT_OFF}). */
    public static int managementPort(Map<String, String> env, String flag) {
        String value = flag != null ? flag : env.get("LATCHKEY_MANAGEMENT_PORT");
        if (value == null || value.isBlank()) {
            return DEFAULT_MANAGEMENT_PORT;
        }
        if (value.strip().equalsIgnoreCase("off")) {
            return MANAGEMENT_OFF;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException("LATCHKEY_MANAGEMENT_PORT must be a port number or off, got '" + value + "'");
        }
    }

    /** An integer setting from the environment, or {@code fallback} when unset. */
    public static int intSetting(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException(name + " must be an integer, got '" + value + "'");
        }
    }
}
