package io.latchkey.server.cli;

import io.latchkey.server.config.RateLimits;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The rate-limit flags of {@code start} and {@code start-dev}; each flag overrides the
 * {@code LATCHKEY_RATE_LIMIT_*} variable of the same name (see README: Configuration).
 */
public final class RateLimitOptions {
    @Option(
            names = "--rate-limit-email-sends-per-address",
            paramLabel = "COUNT/WINDOW",
            description = "Emails to one address. Default: LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS or 10/10m")
    String emailSendsPerAddress;

    @Option(
            names = "--rate-limit-sms-sends-per-phone",
            paramLabel = "COUNT/WINDOW",
            description = "SMS to one phone number. Default: LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE or 5/10m")
    String smsSendsPerPhone;

    @Option(
            names = "--rate-limit-sends-per-organization",
            paramLabel = "COUNT/WINDOW",
            description =
                    "Emails and SMS for one organization. Default: LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION or 3000/10m")
    String sendsPerOrganization;

    @Option(
            names = "--rate-limit-sms-sends-per-organization",
            paramLabel = "COUNT/WINDOW",
            description =
                    "SMS for one organization. Default: LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_ORGANIZATION or 300/10m")
    String smsSendsPerOrganization;

    @Option(
            names = "--rate-limit-failed-auth-per-ip",
            paramLabel = "COUNT/WINDOW",
            description =
                    "Failed authenticate attempts from one client address (only useful behind trusted proxies). Default: LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP or off")
    String failedAuthPerIp;

    @Option(
            names = "--rate-limit-failed-auth-per-credential",
            paramLabel = "COUNT/WINDOW",
            description =
                    "Failed attempts with one token or at one member's codes. Default: LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_CREDENTIAL or 20/10m")
    String failedAuthPerCredential;

    @Option(
            names = "--rate-limit-project-requests",
            paramLabel = "COUNT/WINDOW",
            description = "Requests of one project. Default: LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS or 1200000/1m")
    String projectRequests;

    @Option(
            names = "--rate-limit-project-lease-block",
            paramLabel = "N",
            description =
                    "Requests a node takes from the project budget at a time. Default: LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK or 1000")
    String projectLeaseBlock;

    @Option(
            names = "--rate-limit-trusted-proxies",
            paramLabel = "IP[,IP...]",
            description =
                    "Proxies whose X-Forwarded-For names the client. Default: LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES or none")
    String trustedProxies;

    @Option(
            names = "--rate-limit-sdk-sends-per-ip",
            paramLabel = "COUNT/WINDOW",
            description =
                    "Emails and texts Stytch's frontend SDK asks for (/sdk/v1) from one client address. Default: LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP or 30/10m")
    String sdkSendsPerIp;

    /** The limits from these flags, then {@code env}, then the defaults. */
    RateLimits rateLimits(Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        put(flags, "LATCHKEY_RATE_LIMIT_EMAIL_SENDS_PER_ADDRESS", emailSendsPerAddress);
        put(flags, "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_PHONE", smsSendsPerPhone);
        put(flags, "LATCHKEY_RATE_LIMIT_SENDS_PER_ORGANIZATION", sendsPerOrganization);
        put(flags, "LATCHKEY_RATE_LIMIT_SMS_SENDS_PER_ORGANIZATION", smsSendsPerOrganization);
        put(flags, "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_IP", failedAuthPerIp);
        put(flags, "LATCHKEY_RATE_LIMIT_FAILED_AUTH_PER_CREDENTIAL", failedAuthPerCredential);
        put(flags, "LATCHKEY_RATE_LIMIT_PROJECT_REQUESTS", projectRequests);
        put(flags, "LATCHKEY_RATE_LIMIT_PROJECT_LEASE_BLOCK", projectLeaseBlock);
        put(flags, "LATCHKEY_RATE_LIMIT_TRUSTED_PROXIES", trustedProxies);
        put(flags, "LATCHKEY_RATE_LIMIT_SDK_SENDS_PER_IP", sdkSendsPerIp);
        return RateLimits.from(env, flags);
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (value != null) {
            flags.put(name, value);
        }
    }
}
