package io.latchkey.server.config;

import io.latchkey.server.core.IpLiterals;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rate limits, read from {@code LATCHKEY_RATE_LIMIT_*} (or the matching flags). Immutable.
 * Every count lives in the database, so the limits hold for all nodes on one database together.
 *
 * <p>Why the defaults are what they are: a person asking again for a link or a code needs a few
 * sends, not ten in ten minutes, while a script mailing one address (mail bombing) or texting one
 * number (SMS toll fraud, where every message costs the operator) is held to a trickle. The
 * per-organization budget is far above the busiest plausible morning login wave of a large
 * company (3,000 sends in 10 minutes is 5 a second, sustained) and far below what a script
 * spraying addresses produces; SMS per organization is lower because each one is paid for. Failed
 * attempts are counted per credential (one token, or one member's codes) and, when turned on, per
 * client address (off by default: usually that is the application's back end, speaking for all
 * its users). Neither ever refuses a credential that checks out. The
 * project budget protects the server from one runaway tenant, not from normal traffic: it is
 * above what one machine serves.
 *
 * @param emailSendsPerAddress magic-link, invite, discovery and email OTP mails to one address
 * @param smsSendsPerPhone SMS passcodes to one phone number
 * @param sendsPerOrganization every mail and SMS on behalf of one organization
 * @param smsSendsPerOrganization SMS passcodes on behalf of one organization
 * @param failedAuthPerIp failed authenticate attempts from one client address
 * @param failedAuthPerCredential failed attempts with one token (its first 16 characters) or at
 *     one member's codes
 * @param projectRequests every authenticated /v1/ request of one project
 * @param projectLeaseBlock how many requests a node takes from the project budget at a time
 * @param trustedProxies addresses whose X-Forwarded-For is believed; empty: none
 */
public record RateLimits(
        RateLimit emailSendsPerAddress,
        RateLimit smsSendsPerPhone,
        RateLimit sendsPerOrganization,
        RateLimit smsSendsPerOrganization,
        RateLimit failedAuthPerIp,
        RateLimit failedAuthPerCredential,
        RateLimit projectRequests,
        int projectLeaseBlock,
        Set<InetAddress> trustedProxies,
        RateLimit sdkSendsPerIp) {

    public static final RateLimit DEFAULT_EMAIL_SENDS_PER_ADDRESS = RateLimit.of(10, Duration.ofMinutes(10));
    public static final RateLimit DEFAULT_SMS_SENDS_PER_PHONE = RateLimit.of(5, Duration.ofMinutes(10));
    public static final RateLimit DEFAULT_SENDS_PER_ORGANIZATION = RateLimit.of(3000, Duration.ofMinutes(10));
    public static final RateLimit DEFAULT_SMS_SENDS_PER_ORGANIZATION = RateLimit.of(300, Duration.ofMinutes(10));
    /**
     * Off: the client address is, in the usual deployment, the application's back end speaking for
     * every user, so a limit on it lets one visitor's garbage cost everyone else their failures'
     * answers. Turn it on behind trusted proxies that pass the end user's address.
     */
    public static final RateLimit DEFAULT_FAILED_AUTH_PER_IP = RateLimit.OFF;

    public static final RateLimit DEFAULT_FAILED_AUTH_PER_CREDENTIAL = RateLimit.of(20, Duration.ofMinutes(10));
    public static final RateLimit DEFAULT_PROJECT_REQUESTS = RateLimit.of(1_200_000, Duration.ofMinutes(1));
    public static final int DEFAULT_PROJECT_LEASE_BLOCK = 1000;
    /**
     * On: Stytch's frontend SDK calls come from the end user's browser, so its address is the
     * person's (or their network's), and a public token is all an abuser needs to have Latchkey
     * mail or text anyone.
     */
    public static final RateLimit DEFAULT_SDK_SENDS_PER_IP = RateLimit.of(30, Duration.ofMinutes(10));

    /** Every limit off: for a server whose callers are trusted to pace themselves. */
    public static final RateLimits OFF = new RateLimits(
            RateLimit.OFF,
            RateLimit.OFF,
            RateLimit.OFF,
            RateLimit.OFF,
            RateLimit.OFF,
            RateLimit.OFF,
            RateLimit.OFF,
            DEFAULT_PROJECT_LEASE_BLOCK,
            Set.of(),
            RateLimit.OFF);

    public RateLimits {
        if (projectLeaseBlock < 1) {
            throw new SettingsException("LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK must be at least 1");
        }
        trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The limits before the frontend SDK's own, which takes its default. */
    public RateLimits(
            RateLimit emailSendsPerAddress,
            RateLimit smsSendsPerPhone,
            RateLimit sendsPerOrganization,
            RateLimit smsSendsPerOrganization,
            RateLimit failedAuthPerIp,
            RateLimit failedAuthPerCredential,
            RateLimit projectRequests,
            int projectLeaseBlock,
            Set<InetAddress> trustedProxies) {
        this(
                emailSendsPerAddress,
                smsSendsPerPhone,
                sendsPerOrganization,
                smsSendsPerOrganization,
                failedAuthPerIp,
                failedAuthPerCredential,
                projectRequests,
                projectLeaseBlock,
                trustedProxies,
                DEFAULT_SDK_SENDS_PER_IP);
    }

    /** These limits with {@code value} as the frontend SDK's sends per client address. */
    public RateLimits withSdkSendsPerIp(RateLimit value) {
        return new RateLimits(
                emailSendsPerAddress,
                smsSendsPerPhone,
                sendsPerOrganization,
                smsSendsPerOrganization,
                failedAuthPerIp,
                failedAuthPerCredential,
                projectRequests,
                projectLeaseBlock,
                trustedProxies,
                value);
    }

    public static RateLimits defaults() {
        return new RateLimits(
                DEFAULT_EMAIL_SENDS_PER_ADDRESS,
                DEFAULT_SMS_SENDS_PER_PHONE,
                DEFAULT_SENDS_PER_ORGANIZATION,
                DEFAULT_SMS_SENDS_PER_ORGANIZATION,
                DEFAULT_FAILED_AUTH_PER_IP,
                DEFAULT_FAILED_AUTH_PER_CREDENTIAL,
                DEFAULT_PROJECT_REQUESTS,
                DEFAULT_PROJECT_LEASE_BLOCK,
                Set.of(),
                DEFAULT_SDK_SENDS_PER_IP);
    }

    /**
     * Reads the limits; {@code flags} holds the values given on the command line by variable name
     * (they win over {@code env}). Unset values take the defaults.
     */
    public static RateLimits from(Map<String, String> env, Map<String, String> flags) {
        Function<String, String> value = name -> {
            String v = flags.get(name);
            if (v == null || v.isBlank()) {
                v = env.get(name);
            }
            return v == null || v.isBlank() ? null : v;
        };
        return new RateLimits(
                limit(value, "LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS", DEFAULT_EMAIL_SENDS_PER_ADDRESS),
                limit(value, "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE", DEFAULT_SMS_SENDS_PER_PHONE),
                limit(value, "LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION", DEFAULT_SENDS_PER_ORGANIZATION),
                limit(value, "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_ORGANIZATION", DEFAULT_SMS_SENDS_PER_ORGANIZATION),
                limit(value, "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP", DEFAULT_FAILED_AUTH_PER_IP),
                limit(value, "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_CREDENTIAL", DEFAULT_FAILED_AUTH_PER_CREDENTIAL),
                limit(value, "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS", DEFAULT_PROJECT_REQUESTS),
                leaseBlock(value.apply("LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK")),
                proxies(value.apply("LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES")),
                limit(value, "LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP", DEFAULT_SDK_SENDS_PER_IP));
    }

    private static RateLimit limit(Function<String, String> value, String name, RateLimit fallback) {
        String v = value.apply(name);
        return v == null ? fallback : RateLimit.parse(name, v);
    }

    private static int leaseBlock(String v) {
        if (v == null) {
            return DEFAULT_PROJECT_LEASE_BLOCK;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SettingsException("LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK must be an integer, got '" + v + "'");
        }
    }

    /** Literal IP addresses only: a host name would make every request depend on DNS. */
    private static Set<InetAddress> proxies(String v) {
        if (v == null) {
            return Set.of();
        }
        java.util.HashSet<InetAddress> out = new java.util.HashSet<>();
        for (String part : List.of(v.split(","))) {
            String address = part.strip();
            if (address.isEmpty()) {
                continue;
            }
            InetAddress parsed = IpLiterals.parse(address);
            if (parsed == null) {
                throw new SettingsException("LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES must list IP addresses"
                        + " separated by commas, got '" + address + "'");
            }
            out.add(parsed);
        }
        return out;
    }
}
