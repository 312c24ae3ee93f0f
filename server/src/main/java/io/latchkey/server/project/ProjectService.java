package io.latchkey.server.project;

import io.latchkey.server.core.Environment;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.core.Tokens;
import io.latchkey.server.ratelimit.LocalFailureCounter;
import io.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Projects, their secrets and their redirect URL allow-lists. Thread-safe.
 *
 * <p>Credential checks are on every API call, so verified credentials are remembered for a
 * couple of seconds: a rotated secret stops working on every node within {@link #CACHE_TTL}, and
 * the new secret works on every node at once (a secret the remembered copy refuses is checked
 * against the database before it is refused).
 */
public final class ProjectService {
    static final Duration CACHE_TTL = Duration.ofSeconds(2);
    // Compared against when the project does not exist, so a miss costs what a hit costs.
    private static final String DUMMY_HASH = Tokens.hash("no such project");
    /**
     * Wrong secrets (or unknown well-formed project ids) one client address may send per window
     * before this node stops reading the database for its secrets. Generous: an application with
     * a wrong secret is refused on every call anyway, and a deployment rolling out a new secret
     * retries a few times; a script guessing secrets or flooding sends thousands.
     */
    public static final int BAD_SECRETS_PER_ADDRESS = 20;

    public static final Duration BAD_SECRETS_WINDOW = Duration.ofMinutes(1);

    private final Database db;
    private final ProjectStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, CachedCredentials> verified = new ConcurrentHashMap<>();
    private final LocalFailureCounter badSecrets = new LocalFailureCounter(BAD_SECRETS_PER_ADDRESS, BAD_SECRETS_WINDOW);
    private final AtomicLong credentialReads = new AtomicLong();

    private record CachedCredentials(ProjectStore.Credentials credentials, Instant expiresAt) {}

    // Only tokens that exist are remembered, so the bound is a safety net, not an eviction policy.
    private static final int MAX_CACHED_PUBLIC_TOKENS = 100_000;
    private final ConcurrentHashMap<String, CachedPublicToken> publicTokenCache = new ConcurrentHashMap<>();
    private final LocalFailureCounter badPublicTokens =
            new LocalFailureCounter(BAD_SECRETS_PER_ADDRESS, BAD_SECRETS_WINDOW);
    private final AtomicLong publicTokenReads = new AtomicLong();

    private record CachedPublicToken(Project project, Instant expiresAt) {}

    public ProjectService(Database db, ProjectStore store, Clock clock) {
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    /** Creates a project with a new secret and the given allowed redirect URLs. */
    public NewProject create(String name, Environment environment, List<RedirectUrl> redirectUrls) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new IllegalArgumentException("project name must be 1-128 characters");
        }
        redirectUrls.forEach(u -> RedirectUrls.validateEntry(u.url()));
        Instant now = Timestamps.truncate(clock.instant());
        Project project = new Project(Ids.newId("project", environment), name.strip(), environment, now);
        String secret = newSecret(environment);
        PublicToken publicToken = newPublicToken(project, now);
        db.useTransaction(tx -> {
            store.insert(tx, project, Tokens.hash(secret));
            store.insertPublicToken(tx, publicToken);
            redirectUrls.forEach(u -> store.upsertRedirectUrl(tx, project.projectId(), u, now));
        });
        return new NewProject(project, secret, publicToken.publicToken());
    }

    public List<Project> list() {
        return db.read(store::list);
    }

    public Optional<Project> find(String projectId) {
        return db.read(tx -> store.find(tx, projectId));
    }

    /** Replaces the project's secret; the old one stops working. Returns the new secret. */
    public String rotateSecret(String projectId) {
        Project project = find(projectId).orElseThrow(() -> new IllegalArgumentException("no project " + projectId));
        String secret = newSecret(project.environment());
        db.useTransaction(tx -> store.updateSecret(tx, projectId, Tokens.hash(secret), clock.instant()));
        // Stale rather than forgotten: the new secret is read at once, even from an address whose
        // wrong secrets are no longer read for (a project this node forgot would be refused there).
        verified.computeIfPresent(projectId, (id, c) -> new CachedCredentials(c.credentials, Instant.MIN));
        return secret;
    }

    /**
     * The project these HTTP Basic credentials belong to, or empty. Takes the same time whether
     * the project id or the secret was wrong, and says nothing about which.
     *
     * <p>A secret this node cannot confirm from memory costs a database read (it may be new, or
     * the project not yet seen here). So wrong secrets are counted per client address, and once an
     * address has had {@link #BAD_SECRETS_PER_ADDRESS} in a window, its secrets are judged from
     * memory where memory can judge: a project this node has never seen, or a secret its fresh
     * copy refuses, is refused without a read. A flood of wrong secrets costs at most that many
     * reads per address and window, plus one per known project and {@link #CACHE_TTL}; the right
     * secret is never refused, and a new one (after a rotation) works from such an address once
     * the copy this node holds is {@link #CACHE_TTL} old.
     *
     * @param clientAddress the client's address (after trusted proxies), for counting failures
     */
    public Optional<Project> authenticate(String projectId, String secret, String clientAddress) {
        String presented = Tokens.hash(secret == null ? "" : secret);
        Instant now = clock.instant();
        CachedCredentials cached = verified.get(projectId);
        if (!Ids.looksLike("project", projectId)) {
            // Not a project id at all (junk, or a NUL that PostgreSQL cannot compare): no lookup.
            return check(presented, null);
        }
        boolean fresh = cached != null && cached.expiresAt.isAfter(now);
        if (fresh) {
            Optional<Project> project = check(presented, cached.credentials);
            if (project.isPresent()) {
                return project;
            }
            // The secret may have been rotated since this node cached the old one: by the command
            // line or on another node. A secret that the cache refuses is checked against the
            // database, so a new secret works on every node at once; only the old one may linger.
        }
        String address = clientAddress == null ? "" : clientAddress;
        if (badSecrets.isOverLimit(address, now) && (cached == null || fresh)) {
            // Judged from memory alone, so the flood reads nothing: a project this node has not seen
            // is refused, as is a secret its fresh copy refused. A stale copy is still read again
            // (at most once per project and CACHE_TTL), so the right secret always gets in.
            return check(presented, null);
        }
        credentialReads.incrementAndGet();
        ProjectStore.Credentials credentials =
                db.read(tx -> store.findCredentials(tx, projectId)).orElse(null);
        if (credentials != null) {
            verified.put(projectId, new CachedCredentials(credentials, now.plus(CACHE_TTL)));
        }
        Optional<Project> project = check(presented, credentials);
        if (project.isEmpty()) {
            badSecrets.fail(address, now);
        }
        return project;
    }

    /** How many times this node has read a project's credentials from the database. */
    public long credentialReads() {
        return credentialReads.get();
    }

    private static Optional<Project> check(String presented, ProjectStore.Credentials credentials) {
        String expected = credentials == null ? DUMMY_HASH : credentials.secretHash();
        boolean match = Tokens.constantTimeEquals(presented, expected);
        return match && credentials != null ? Optional.of(credentials.project()) : Optional.empty();
    }

    /** The project's public tokens, oldest first. */
    public List<PublicToken> publicTokens(String projectId) {
        requireExists(projectId);
        return db.read(tx -> store.publicTokens(tx, projectId));
    }

    /** Issues another public token; the others keep working. */
    public PublicToken createPublicToken(String projectId) {
        Project project = find(projectId).orElseThrow(() -> new IllegalArgumentException("no project " + projectId));
        PublicToken token = newPublicToken(project, Timestamps.truncate(clock.instant()));
        db.useTransaction(tx -> store.insertPublicToken(tx, token));
        return token;
    }

    /** Deletes one public token of the project; false when it has no such token. */
    public boolean deletePublicToken(String projectId, String publicToken) {
        requireExists(projectId);
        boolean deleted = db.inTransaction(tx -> store.deletePublicToken(tx, projectId, publicToken)) == 1;
        publicTokenCache.remove(publicToken);
        return deleted;
    }

    /**
     * The project a public token names, or empty. Not a credential check: a public token is
     * published in web pages, so it only says which project's allow-lists bound the flow.
     */
    public Optional<Project> byPublicToken(String publicToken) {
        return byPublicToken(publicToken, "");
    }

    /**
     * {@link #byPublicToken(String)} as the browser-facing routes ask it, on every request: a token
     * this node has seen within {@link #CACHE_TTL} is answered from memory (a deleted token stops
     * working on every node within that time, on this one at once), and unknown tokens are counted
     * per client address as wrong secrets are: past {@link #BAD_SECRETS_PER_ADDRESS} in a window,
     * a token this node has not seen is refused without a read. A known token is never refused.
     */
    public Optional<Project> byPublicToken(String publicToken, String clientAddress) {
        if (publicToken == null
                || publicToken.length() > 200
                || !publicToken.startsWith("public-token-")
                || publicToken.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        CachedPublicToken cached = publicTokenCache.get(publicToken);
        if (cached != null && cached.expiresAt.isAfter(now)) {
            return Optional.of(cached.project);
        }
        String address = clientAddress == null ? "" : clientAddress;
        if (cached == null && badPublicTokens.isOverLimit(address, now)) {
            return Optional.empty();
        }
        publicTokenReads.incrementAndGet();
        Optional<Project> project = db.read(tx -> store.findByPublicToken(tx, publicToken));
        if (project.isPresent()) {
            if (publicTokenCache.size() >= MAX_CACHED_PUBLIC_TOKENS) {
                publicTokenCache.values().removeIf(c -> !c.expiresAt.isAfter(now));
            }
            publicTokenCache.put(publicToken, new CachedPublicToken(project.get(), now.plus(CACHE_TTL)));
        } else {
            publicTokenCache.remove(publicToken);
            badPublicTokens.fail(address, now);
        }
        return project;
    }

    /** How many times this node has looked a public token up in the database. */
    public long publicTokenReads() {
        return publicTokenReads.get();
    }

    public void addRedirectUrl(String projectId, RedirectUrl url) {
        RedirectUrls.validateEntry(url.url());
        requireExists(projectId);
        db.useTransaction(tx -> store.upsertRedirectUrl(tx, projectId, url, clock.instant()));
    }

    /** Removes the URL for every type; returns how many entries went. */
    public int removeRedirectUrl(String projectId, String url) {
        requireExists(projectId);
        return db.inTransaction(tx -> store.deleteRedirectUrl(tx, projectId, url));
    }

    public List<RedirectUrl> redirectUrls(String projectId) {
        return db.read(tx -> store.redirectUrls(tx, projectId));
    }

    /** The project's redirect allow-list, read once. */
    public RedirectPolicy redirectPolicy(String projectId) {
        return new RedirectPolicy(redirectUrls(projectId));
    }

    /** The project's frontend SDK settings, read in one transaction. */
    public FrontendSettings frontendSettings(String projectId) {
        return db.read(tx -> {
            java.util.Set<FrontendCall> calls = java.util.EnumSet.noneOf(FrontendCall.class);
            for (String name : store.frontendCalls(tx, projectId)) {
                // A call name this version does not know (written by a newer one) switches nothing on.
                java.util.Arrays.stream(FrontendCall.values())
                        .filter(c -> c.wireName().equals(name))
                        .forEach(calls::add);
            }
            return new FrontendSettings(
                    store.authorizedOrigins(tx, projectId), calls, store.pkceRequired(tx, projectId));
        });
    }

    /**
     * True when some project has authorized {@code origin}: a CORS preflight carries no
     * credentials, so it can only be answered by origin; the request that follows is checked
     * against its own project's origins.
     */
    public boolean isAuthorizedOriginOfAnyProject(String origin) {
        String normal = Origins.normalise(origin);
        return normal != null && db.read(tx -> store.isAuthorizedOriginOfAnyProject(tx, normal));
    }

    public FrontendSettings addAuthorizedOrigin(String projectId, String origin) {
        String normal = Origins.validate(origin);
        requireExists(projectId);
        db.useTransaction(tx -> store.insertAuthorizedOrigin(tx, projectId, normal, clock.instant()));
        return frontendSettings(projectId);
    }

    /** Returns false when the origin was not authorized. */
    public boolean removeAuthorizedOrigin(String projectId, String origin) {
        String normal = Origins.validate(origin);
        requireExists(projectId);
        return db.inTransaction(tx -> store.deleteAuthorizedOrigin(tx, projectId, normal)) == 1;
    }

    public FrontendSettings setFrontendCall(String projectId, FrontendCall call, boolean enabled) {
        requireExists(projectId);
        db.useTransaction(tx -> {
            if (enabled) {
                store.insertFrontendCall(tx, projectId, call.wireName(), clock.instant());
            } else {
                store.deleteFrontendCall(tx, projectId, call.wireName());
            }
        });
        return frontendSettings(projectId);
    }

    public FrontendSettings setPkceRequired(String projectId, boolean required) {
        requireExists(projectId);
        db.useTransaction(tx -> store.upsertPkceRequired(tx, projectId, required, clock.instant()));
        return frontendSettings(projectId);
    }

    private void requireExists(String projectId) {
        if (find(projectId).isEmpty()) {
            throw new IllegalArgumentException("no project " + projectId);
        }
    }

    private static PublicToken newPublicToken(Project project, Instant now) {
        return new PublicToken(Ids.newId("public-token", project.environment()), project.projectId(), now);
    }

    private static String newSecret(Environment environment) {
        return "secret-" + environment.marker() + "-" + Tokens.newToken();
    }
}
