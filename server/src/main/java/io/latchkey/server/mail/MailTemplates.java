package io.latchkey.server.mail;

import io.latchkey.server.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message templates: built-in ones under {@code mail-templates/} on the class path, each
 * part overridable by a file in LATCHKEY_TEMPLATE_DIR ({@code login.subject}, {@code login.txt},
 * {@code login.html}, ...). Everything is read and checked once at start-up, so a broken
 * override stops the server with the file named instead of failing a sign-in later.
 *
 * <p>Placeholders are {@code {{name}}}. Values are inserted verbatim into the subject and text,
 * HTML-escaped into the HTML, in one pass (a value that looks like a placeholder stays text).
 * Immutable and thread-safe.
 */
public final class MailTemplates {
    public static final String LOGIN = "login";
    public static final String SIGNUP = "signup";
    public static final String INVITE = "invite";
    public static final String DISCOVERY = "discovery";
    public static final String EMAIL_OTP = "email_otp";
    public static final String RESET_PASSWORD = "reset_password";

    public static final String ORGANIZATION_NAME = "organization_name";
    public static final String LINK = "link";
    public static final String EMAIL = "email";
    public static final String EXPIRATION_MINUTES = "expiration_minutes";
    public static final String CODE = "code";

    private static final Set<String> VARIABLES = Set.of(ORGANIZATION_NAME, LINK, EMAIL, EXPIRATION_MINUTES, CODE);

    /** What each template's caller must supply; discovery spans organizations, so has none. */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            LOGIN, Set.of(ORGANIZATION_NAME, LINK, EMAIL, EXPIRATION_MINUTES),
            SIGNUP, Set.of(ORGANIZATION_NAME, LINK, EMAIL, EXPIRATION_MINUTES),
            INVITE, Set.of(ORGANIZATION_NAME, LINK, EMAIL, EXPIRATION_MINUTES),
            DISCOVERY, Set.of(LINK, EMAIL, EXPIRATION_MINUTES),
            EMAIL_OTP, Set.of(ORGANIZATION_NAME, CODE, EMAIL, EXPIRATION_MINUTES),
            RESET_PASSWORD, Set.of(ORGANIZATION_NAME, LINK, EMAIL, EXPIRATION_MINUTES));

    private static final String[] PARTS = {"subject", "txt", "html"};
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");
    private static final Logger LOG = LoggerFactory.getLogger(MailTemplates.class);

    private record Template(Parsed subject, Parsed text, Parsed html) {}

    /**
     * A template part split once, at start-up, into its literal text and the placeholders between
     * (literals has one more entry than names), so rendering a message is appends only: no
     * pattern matching per message.
     */
    private record Parsed(String[] literals, String[] names, int length) {
        static Parsed of(String template) {
            java.util.List<String> literals = new java.util.ArrayList<>();
            java.util.List<String> names = new java.util.ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(template);
            int from = 0;
            while (m.find()) {
                literals.add(template.substring(from, m.start()));
                names.add(m.group(1));
                from = m.end();
            }
            literals.add(template.substring(from));
            return new Parsed(literals.toArray(String[]::new), names.toArray(String[]::new), template.length());
        }

        String render(Map<String, String> variables, boolean html) {
            StringBuilder out = new StringBuilder(length + 256);
            out.append(literals[0]);
            for (int i = 0; i < names.length; i++) {
                String value = variables.getOrDefault(names[i], "");
                out.append(html ? Html.escape(value) : value).append(literals[i + 1]);
            }
            return out.toString();
        }
    }

    private final Map<String, Template> templates;

    private MailTemplates(Map<String, Template> templates) {
        this.templates = templates;
    }

    /** The built-in templates only. */
    public static MailTemplates builtIn() {
        return load(null);
    }

    /**
     * The built-in templates with the overrides found in {@code overrideDir} (null for none).
     *
     * @throws SettingsException naming the file when an override cannot be read, is empty, or uses
     *     a placeholder this server does not know
     */
    public static MailTemplates load(Path overrideDir) {
        Map<String, Template> loaded = new LinkedHashMap<>();
        for (String name : new TreeSet<>(REQUIRED.keySet())) {
            String[] parts = new String[PARTS.length];
            for (int i = 0; i < PARTS.length; i++) {
                String file = name + "." + PARTS[i];
                Path override = overrideDir == null ? null : overrideDir.resolve(file);
                parts[i] = override != null && Files.isRegularFile(override)
                        ? readOverride(override, file)
                        : readBuiltIn(file);
            }
            loaded.put(name, new Template(Parsed.of(parts[0].strip()), Parsed.of(parts[1]), Parsed.of(parts[2])));
        }
        if (overrideDir != null) {
            warnAboutStrayFiles(overrideDir);
        }
        return new MailTemplates(Map.copyOf(loaded));
    }

    /** The template names: login, signup, invite, discovery, email_otp, reset_password. */
    public static Set<String> names() {
        return new TreeSet<>(REQUIRED.keySet());
    }

    /**
     * Renders {@code template} with {@code variables}. A known placeholder the caller did not
     * supply (an operator's template may use any of them) renders as the empty string.
     *
     * @throws IllegalArgumentException for an unknown template, an unknown variable, or a missing
     *     required one: a programming error in the caller
     */
    public MailContent render(String template, Map<String, String> variables) {
        Template t = templates.get(template);
        if (t == null) {
            throw new IllegalArgumentException("no mail template named " + template);
        }
        for (Map.Entry<String, String> e : variables.entrySet()) {
            if (!VARIABLES.contains(e.getKey()) || e.getValue() == null) {
                throw new IllegalArgumentException("unknown or null template variable " + e.getKey());
            }
        }
        for (String required : REQUIRED.get(template)) {
            if (!variables.containsKey(required)) {
                throw new IllegalArgumentException(template + " needs the variable " + required);
            }
        }
        // A subject is one header line: a line break in a value must not start a new header.
        String subject = t.subject().render(variables, false);
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            subject = subject.replaceAll("[\r\n]+", " ");
        }
        return new MailContent(
                subject.strip(), t.text().render(variables, false), t.html().render(variables, true));
    }

    private static String readOverride(Path path, String file) {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("LATCHKEY_TEMPLATE_DIR: cannot read " + file + ": " + e);
        }
        if (content.isBlank()) {
            throw new SettingsException("LATCHKEY_TEMPLATE_DIR: " + file + " is empty");
        }
        if (file.endsWith(".subject") && content.strip().contains("\n")) {
            throw new SettingsException("LATCHKEY_TEMPLATE_DIR: " + file + " must be a single line");
        }
        Matcher m = PLACEHOLDER.matcher(content);
        while (m.find()) {
            if (!VARIABLES.contains(m.group(1))) {
                throw new SettingsException("LATCHKEY_TEMPLATE_DIR: "
                        + file
                        + " uses {{"
                        + m.group(1)
                        + "}}; known placeholders are "
                        + new TreeSet<>(VARIABLES));
            }
        }
        return content;
    }

    private static String readBuiltIn(String file) {
        try (InputStream in = MailTemplates.class.getResourceAsStream("/mail-templates/" + file)) {
            if (in == null) {
                throw new IllegalStateException("built-in mail template missing: " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A misspelt override would otherwise be ignored without a word. */
    private static void warnAboutStrayFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String file = p.getFileName().toString();
                int dot = file.lastIndexOf('.');
                boolean known = dot > 0
                        && REQUIRED.containsKey(file.substring(0, dot))
                        && Set.of(PARTS).contains(file.substring(dot + 1));
                if (!known && !file.startsWith(".")) {
                    LOG.warn(
                            "LATCHKEY_TEMPLATE_DIR: ignoring {}; overrides are named <template>.subject|txt|html"
                                    + " for templates {}",
                            file,
                            names());
                }
            }
        } catch (IOException e) {
            throw new SettingsException("LATCHKEY_TEMPLATE_DIR: cannot list " + dir + ": " + e);
        }
    }
}
