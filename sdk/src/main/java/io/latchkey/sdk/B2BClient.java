package io.latchkey.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The client for a Stytch-compatible B2B API: Latchkey, or hosted Stytch. Build one per project
 * at start-up and share it; it is immutable and thread-safe, and holds the JWKS cache that makes
 * local JWT checks cheap.
 *
 * <pre>{@code
 * B2BClient client = B2BClient.create(projectId, secret, "http://localhost:8080");
 * client.magicLinks().email().loginOrSignup(Requests.loginOrSignup(orgId, email).build());
 * }</pre>
 *
 * <p>Calls are grouped as in the API: {@link #magicLinks()}, {@link #sessions()}, {@link
 * #organizations()} (with {@code organizations().members()}), {@link #otps()}, {@link #totps()},
 * {@link #discovery()}, {@link #rbac()}, {@link #sso()}. Requests and responses are the
 * {@code io.latchkey.api} records the server itself uses; JSON is snake_case, and response fields
 * this SDK does not know are ignored, so a newer server does not break it.
 *
 * <p>Errors are unchecked {@link LatchkeyException}s. GETs are retried on connection failures and
 * 5xx answers with exponential backoff ({@link Builder#maxRetries}); POST, PUT and DELETE are
 * never repeated by the SDK.
 */
public final class B2BClient {
    private final String projectId;
    private final String baseUrl;
    private final MagicLinks magicLinks;
    private final Sessions sessions;
    private final Organizations organizations;
    private final Otps otps;
    private final Totps totps;
    private final Discovery discovery;
    private final Passwords passwords;
    private final Rbac rbac;
    private final Sso sso;

    private B2BClient(Builder b) {
        this.projectId = b.projectId;
        this.baseUrl = b.baseUrl != null ? b.baseUrl : defaultBaseUrl(b.projectId);
        HttpClient http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder()
                        .connectTimeout(b.connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        Transport transport =
                new Transport(http, baseUrl, b.projectId, b.secret, b.requestTimeout, b.maxRetries, b.retryBackoff);
        String jwksPath = "/v1/b2b/sessions/jwks/" + Transport.segment(b.projectId);
        JwksCache jwks = new JwksCache(transport, jwksPath, b.clock, b.jwksCacheMaxAge, b.jwksRefreshInterval);
        JwtVerifier verifier = new JwtVerifier(b.projectId, baseUrl, b.clockTolerance, b.clock, jwks);
        this.magicLinks = new MagicLinks(transport);
        this.rbac = new Rbac(transport, b.clock, b.rbacPolicyRefreshInterval);
        this.sessions = new Sessions(transport, verifier, jwksPath, rbac);
        this.organizations = new Organizations(transport);
        this.otps = new Otps(transport);
        this.totps = new Totps(transport);
        this.discovery = new Discovery(transport);
        this.sso = new Sso(transport, baseUrl);
        this.passwords = new Passwords(transport);
    }

    /**
     * A client with default settings.
     *
     * @param projectId e.g. {@code project-test-...}; not null
     * @param secret the project's secret; not null
     * @param baseUrl the API's root, e.g. {@code http://localhost:8080} or {@code
     *     https://test.stytch.com}; not null
     * @throws IllegalArgumentException when an argument is missing or the URL is not http(s)
     */
    public static B2BClient create(String projectId, String secret, String baseUrl) {
        return builder(projectId, secret).baseUrl(baseUrl).build();
    }

    /** A builder for a client of this project; every setting has a default. */
    public static Builder builder(String projectId, String secret) {
        return new Builder(projectId, secret);
    }

    /** Email magic links. */
    public MagicLinks magicLinks() {
        return magicLinks;
    }

    /** Member sessions and session JWTs. */
    public Sessions sessions() {
        return sessions;
    }

    /** Organizations, and their members. */
    public Organizations organizations() {
        return organizations;
    }

    /** One-time passcodes (SMS), a second factor. */
    public Otps otps() {
        return otps;
    }

    /** Authenticator apps (TOTP), a second factor. */
    public Totps totps() {
        return totps;
    }

    /** Passwords: login, strength check, imports, resets; cross-organization passwords. */
    public Passwords passwords() {
        return passwords;
    }

    /** Discovery: the organizations an email can go to, and entering one. */
    public Discovery discovery() {
        return discovery;
    }

    /** Role-based access control: the cached policies and local permission checks. */
    public Rbac rbac() {
        return rbac;
    }

    /** Enterprise single sign-on: connections, the browser login's start URL, authenticate. */
    public Sso sso() {
        return sso;
    }

    /** The project this client acts for. */
    public String projectId() {
        return projectId;
    }

    /** The API root every path is appended to, without a trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    private static String defaultBaseUrl(String projectId) {
        // What the official SDKs do without an explicit URL: live projects go to the live host.
        return projectId.startsWith("project-live-") ? "https://api.stytch.com" : "https://test.stytch.com";
    }

    /**
     * Settings of a {@link B2BClient}. Not thread-safe; build once. Invalid values are refused when
     * set, with a message naming the setting.
     */
    public static final class Builder {
        private final String projectId;
        private final String secret;
        private String baseUrl;
        private HttpClient httpClient;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 2;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration clockTolerance = Duration.ZERO;
        private Duration jwksCacheMaxAge = Duration.ofMinutes(10);
        private Duration jwksRefreshInterval = Duration.ofSeconds(30);
        private Duration rbacPolicyRefreshInterval = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();

        private Builder(String projectId, String secret) {
            if (projectId == null || projectId.isBlank()) {
                throw new IllegalArgumentException("projectId must not be empty");
            }
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("secret must not be empty");
            }
            this.projectId = projectId;
            this.secret = secret;
        }

        /**
         * The API's root URL, e.g. {@code http://localhost:8080}; a trailing slash is dropped. Default:
         * hosted Stytch, {@code https://api.stytch.com} for {@code project-live-} ids and {@code
         * https://test.stytch.com} otherwise. Also accepted as a JWT issuer.
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String trimmed = baseUrl.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("baseUrl is not a URL: " + baseUrl, e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL without query: " + baseUrl);
            }
            this.baseUrl = trimmed;
            return this;
        }

        /**
         * The HTTP client to send with, e.g. one with a proxy, an SSL context or an executor of your
         * choice. Default: a new client with {@link #connectTimeout} and no redirects. When set,
         * {@link #connectTimeout} is ignored (the client's own applies).
         */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long to wait for a connection, default 10 s; applies to the default HTTP client. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long to wait for each answer once connected, default 30 s; past it the call fails with
         * {@link LatchkeyTimeoutException} (and is not retried).
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * How many times a GET is repeated after a connection failure or a 5xx answer, default 2 (so
         * at most 3 attempts); 0 disables retries. Other methods are never repeated.
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("maxRetries must be 0-10, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** The first retry's delay, default 200 ms; doubled per attempt (with jitter), at most 5 s. */
        public Builder retryBackoff(Duration retryBackoff) {
            this.retryBackoff = positive(retryBackoff, "retryBackoff");
            return this;
        }

        /**
         * Clock skew allowed when checking a JWT's {@code exp}, {@code nbf}, {@code iat} and maximum
         * age locally, default 0 (as the official SDKs).
         */
        public Builder clockTolerance(Duration clockTolerance) {
            Objects.requireNonNull(clockTolerance, "clockTolerance");
            if (clockTolerance.isNegative()) {
                throw new IllegalArgumentException("clockTolerance must not be negative");
            }
            this.clockTolerance = clockTolerance;
            return this;
        }

        /**
         * How long the fetched JWKS is used before it is refreshed in the background, default 10
         * minutes. Rotations are picked up sooner through {@link #jwksRefreshInterval}.
         */
        public Builder jwksCacheMaxAge(Duration jwksCacheMaxAge) {
            this.jwksCacheMaxAge = positive(jwksCacheMaxAge, "jwksCacheMaxAge");
            return this;
        }

        /**
         * The least time between two JWKS fetches, default 30 s; positive. A JWT whose {@code kid} is
         * not in the cached set makes the SDK refetch the set at once (a rotated-in key then works
         * without a restart), but not more often than this, so that tokens with made-up kids cannot
         * flood the server; between refetches such a JWT is refused ({@code UNKNOWN_KEY}) without a
         * call.
         */
        public Builder jwksRefreshInterval(Duration jwksRefreshInterval) {
            this.jwksRefreshInterval = positive(jwksRefreshInterval, "jwksRefreshInterval");
            return this;
        }

        /**
         * How long the cached RBAC policies ({@link Rbac#policy()}, {@link Rbac#orgPolicy}) serve
         * local checks before they are fetched again, default 5 minutes (as the official SDKs);
         * positive. A policy change reaches this client's local checks within this time.
         */
        public Builder rbacPolicyRefreshInterval(Duration rbacPolicyRefreshInterval) {
            this.rbacPolicyRefreshInterval = positive(rbacPolicyRefreshInterval, "rbacPolicyRefreshInterval");
            return this;
        }

        /** The clock for JWT time checks and the JWKS cache, default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public B2BClient build() {
            return new B2BClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
