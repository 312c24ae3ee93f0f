package io.latchkey.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The configuration file ({@code --config FILE} or {@code LATCHKEY_CONFIG}): a Java properties
 * file whose keys are the {@code LATCHKEY_*} variable names. It sits under the environment: a
 * variable set in the environment wins over the file, a command-line flag over both.
 */
public final class ConfigFile {
    /** Read by the logging set-up, which looks at system properties before the environment. */
    private static final Set<String> LOGGING = Set.of("LATCHKEY_LOG_LEVEL", "LATCHKEY_LOG_FORMAT");

    /**
     * Every key a file may hold: the README's Configuration table less LATCHKEY_CONFIG itself and
     * LATCHKEY_JAVA_OPTS (read by the launcher before Java starts). A test keeps the two in step.
     */
    public static final Set<String> KEYS = Set.of(
            "LATCHKEY_PORT",
            "LATCHKEY_HOST",
            "LATCHKEY_DB_URL",
            "LATCHKEY_DB_USER",
            "LATCHKEY_DB_PASSWORD",
            "LATCHKEY_DB_POOL_SIZE",
            "LATCHKEY_MASTER_KEY",
            "LATCHKEY_BASE_URL",
            "LATCHKEY_SMTP_HOST",
            "LATCHKEY_SMTP_PORT",
            "LATCHKEY_SMTP_USERNAME",
            "LATCHKEY_SMTP_PASSWORD",
            "LATCHKEY_SMTP_FROM",
            "LATCHKEY_SMTP_SECURITY",
            "LATCHKEY_SMS_PROVIDER_URL",
            "LATCHKEY_SMS_ACCOUNT_SID",
            "LATCHKEY_SMS_AUTH_TOKEN",
            "LATCHKEY_SMS_FROM",
            "LATCHKEY_MAIL_SENDERS",
            "LATCHKEY_TEMPLATE_DIR",
            "LATCHKEY_PASSWORD_MEMORY_KIB",
            "LATCHKEY_PASSWORD_ITERATIONS",
            "LATCHKEY_PASSWORD_PARALLELISM",
            "LATCHKEY_PASSWORD_HASH_THREADS",
            "LATCHKEY_PASSWORD_HASH_QUEUE",
            "LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS",
            "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE",
            "LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION",
            "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_ORGANIZATION",
            "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP",
            "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_CREDENTIAL",
            "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS",
            "LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK",
            "LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES",
            "LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP",
            "LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS",
            "LATCHKEY_LOG_LEVEL",
            "LATCHKEY_LOG_FORMAT",
            "LATCHKEY_MANAGEMENT_PORT");

    private ConfigFile() {}

    /**
     * {@code env} over the file named by {@code flag}, else by LATCHKEY_CONFIG in {@code env};
     * {@code env} itself when neither names one.
     */
    public static Map<String, String> under(Map<String, String> env, Path flag) {
        Map<String, String> merged = read(env, flag);
        String format = merged.get("LATCHKEY_LOG_FORMAT");
        if (format != null && !format.equals("text") && !format.equals("json")) {
            throw new SettingsException("LATCHKEY_LOG_FORMAT must be text or json, got '" + format + "'");
        }
        return merged;
    }

    private static Map<String, String> read(Map<String, String> env, Path flag) {
        String named = env.get("LATCHKEY_CONFIG");
        Path file = flag != null ? flag : named == null || named.isBlank() ? null : Path.of(named.strip());
        if (file == null) {
            return env;
        }
        String setting = flag != null ? "--config" : "LATCHKEY_CONFIG";
        if (!Files.isRegularFile(file)) {
            throw new SettingsException(setting + " names " + file + ", which is not a readable file");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException(setting + " file " + file + " could not be read: " + e.getMessage());
        }
        Map<String, String> merged = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new SettingsException(setting + " file " + file + ": unknown key '" + key
                        + "' (keys are the LATCHKEY_* variable names of the README's Configuration table)");
            }
            merged.put(key, properties.getProperty(key).strip());
        }
        merged.putAll(env);
        for (String key : LOGGING) {
            if (!env.containsKey(key) && merged.containsKey(key) && System.getProperty(key) == null) {
                System.setProperty(key, merged.get(key));
            }
        }
        return merged;
    }
}
