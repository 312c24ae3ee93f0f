package io.latchkey.server.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import io.latchkey.api.session.Jwk;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.Ids;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.core.Timestamps;
import io.latchkey.server.project.Project;
import io.latchkey.server.project.ProjectService;
import io.latchkey.server.session.ProjectKeys.PublishedKey;
import io.latchkey.server.session.ProjectKeys.SigningKey;
import io.latchkey.server.store.Database;
import io.latchkey.server.store.UniqueViolationException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys that sign each project's session JWTs: made on first use, rotated on request,
 * published at the JWKS route. Thread-safe, and safe with several nodes on one database.
 *
 * <p>Each node keeps a project's keys in memory ({@link ProjectKeys}) with the current private
 * key already opened, so signing and verifying read no database and decrypt nothing. The copy is
 * re-read every {@link #REFRESH_INTERVAL}, and at once when a JWT names a kid it does not hold,
 * so a rotation made on another node is seen within that interval (immediately for verifying).
 * The JWKS is read from the database while the node's JWKS read budget lasts, so every node
 * publishes a new key as soon as the rotating node can sign with it; a flood of JWKS requests is
 * answered from the node's copy instead, so it cannot cost a read each.
 */
public final class SigningKeyService {
    /** How long a node trusts its copy of a project's keys before reading them again. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(10);

    /**
     * How long a retired key stays published. Another node may keep signing with it for up to
     * {@link #REFRESH_INTERVAL} after it retired, each such JWT lives {@link SessionJwts#LIFETIME},
     * and the clocks of nodes and SDK hosts may disagree by {@link SessionJwts#CLOCK_SKEW}.
     */
    public static final Duration RETIRED_KEY_PUBLISHED_FOR =
            SessionJwts.LIFETIME.plus(REFRESH_INTERVAL).plus(SessionJwts.CLOCK_SKEW);

    /**
     * Cache-Control max-age of the JWKS. Short, so that no cache hides a new key for long; the
     * SDKs also refetch when they meet an unknown kid.
     */
    public static final Duration JWKS_MAX_AGE = Duration.ofSeconds(60);

    /**
     * Database reads the public JWKS route may make on one node: a burst of {@value
     * #JWKS_READ_BURST}, refilled at {@value #JWKS_READS_PER_SECOND} a second. The SDKs fetch the
     * JWKS once a minute or on an unknown kid, so real traffic stays far below; beyond it (a flood)
     * the node answers from its copy of the keys.
     */
    static final int JWKS_READ_BURST = 20;

    static final int JWKS_READS_PER_SECOND = 10;

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyService.class);
    private static final int ROTATION_ATTEMPTS = 3;

    private final Database db;
    private final SigningKeyStore store;
    private final ProjectService projects;
    private final SecretBox box;
    private final Clock clock;
    private final ConcurrentHashMap<String, ProjectKeys> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final ReadBudget jwksReads = new ReadBudget(JWKS_READ_BURST, JWKS_READS_PER_SECOND);

    public SigningKeyService(Database db, SigningKeyStore store, ProjectService projects, SecretBox box, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.box = box;
        this.clock = clock;
    }

    /**
     * The keys that verify the project's session JWTs, current first; makes the project's first key
     * when it has none, so the key that will sign is always already published.
     *
     * @throws ApiException project_not_found for an unknown project id
     */
    public List<Jwk> jwks(String projectId) {
        // The route is public: only a well-formed project id may cost a database read.
        if (!Ids.looksLike("project", projectId)) {
            throw projectNotFound();
        }
        Instant now = clock.instant();
        ProjectKeys copy = cache.get(projectId);
        if (!jwksReads.tryTake(now)) {
            // A flood (anyone may ask, for any project id): this node's copy, at most REFRESH_INTERVAL
            // behind while the project is in use here, answers without a read; a project this node
            // holds no copy of is refused until the budget refills.
            if (copy != null) {
                return copy.jwksAt(now);
            }
            throw ApiException.tooManyRequests(
                    "Too many JWKS requests for projects this server has not loaded; try again shortly.",
                    Duration.ofSeconds(1));
        }
        Project project = projects.find(projectId).orElseThrow(SigningKeyService::projectNotFound);
        // Read afresh while the budget lasts, not from this node's copy: a client fetches the JWKS
        // when it meets a kid it does not know, and behind a load balancer that fetch may reach
        // another node than the one that rotated and signed. A copy up to REFRESH_INTERVAL old would
        // then lack the new key, and the client (which will not fetch again for a while) would
        // refuse every new JWT. Clients cache the answer, so these reads are rare; concurrent ones
        // share one read.
        return reload(project, reads.get()).jwksAt(now);
    }

    /** How many times this node has read projects' keys from the database. */
    public long keyReads() {
        return reads.get();
    }

    /**
     * Makes a new key current. The previous key stops signing at once on this node and within
     * {@link #REFRESH_INTERVAL} on the others, and stays published for
     * {@link #RETIRED_KEY_PUBLISHED_FOR}.
     *
     * @throws IllegalArgumentException for an unknown project
     * @throws SigningKeyUnavailableException when this process's master key cannot open the
     *     current key: a new key sealed with a different master key could not be used by the nodes
     */
    public SigningKeyInfo rotate(String projectId) {
        Project project =
                projects.find(projectId).orElseThrow(() -> new IllegalArgumentException("no project " + projectId));
        db.read(tx -> store.current(tx, projectId))
                .ifPresent(current -> SigningKeyMaterial.open(box, current, parsePublic(current)));
        for (int attempt = 1; ; attempt++) {
            StoredSigningKey created = newKey(project);
            Instant now = created.createdAt();
            try {
                db.useTransaction(tx -> {
                    store.retireCurrent(tx, projectId, now);
                    store.insert(tx, created);
                });
                LOG.info("Rotated the signing key of project {}: {} is now current", projectId, created.kid());
                reload(project, reads.get());
                return info(created, now);
            } catch (UniqueViolationException e) {
                // A rotation on another node committed between our retire and insert; go again on top.
                if (attempt == ROTATION_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Every key the project ever had, current first, then the most recently retired. */
    public List<SigningKeyInfo> list(String projectId) {
        Instant now = clock.instant();
        return db.read(tx -> store.all(tx, projectId)).stream()
                .map(k -> info(k, now))
                .toList();
    }

    /**
     * The project's current key, ready to sign.
     *
     * @throws ApiException service_unavailable when this node cannot open it (logged separately)
     */
    SigningKey signingKey(Project project) {
        ProjectKeys keys = keys(project);
        if (keys.signing() == null) {
            throw new ApiException(
                    ErrorType.SERVICE_UNAVAILABLE,
                    "Session JWTs cannot be signed right now: the server cannot open the project's signing"
                            + " key. The operator will find the cause in the server log.");
        }
        return keys.signing();
    }

    /** The verifier of one of the project's published keys, or null when {@code kid} is not one. */
    JWSVerifier verifier(Project project, String kid) {
        Instant now = clock.instant();
        ProjectKeys keys = keys(project);
        JWSVerifier verifier = keys.verifier(kid, now);
        if (verifier != null || keys.find(kid) != null || !Ids.looksLike("jwk", kid)) {
            return verifier;
        }
        // A kid we do not hold: another node may have rotated since our last read.
        return reload(project, reads.get()).verifier(kid, now);
    }

    /** This node's copy of the project's keys, read again when older than the refresh interval. */
    private ProjectKeys keys(Project project) {
        ProjectKeys keys = cache.get(project.projectId());
        if (keys != null && keys.isFreshAt(clock.instant())) {
            return keys;
        }
        if (keys == null) {
            return reload(project, -1);
        }
        ReentrantLock lock = lockOf(project);
        if (!lock.tryLock()) {
            // Another thread is reading them now; a copy some milliseconds older will do meanwhile.
            return keys;
        }
        try {
            return loadUnderLock(project, keys.readSequence());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the project's keys unless a read that began after {@code afterSequence} has already
     * landed; one read at a time per project on this node.
     */
    private ProjectKeys reload(Project project, long afterSequence) {
        ReentrantLock lock = lockOf(project);
        lock.lock();
        try {
            return loadUnderLock(project, afterSequence);
        } finally {
            lock.unlock();
        }
    }

    private ProjectKeys loadUnderLock(Project project, long afterSequence) {
        ProjectKeys latest = cache.get(project.projectId());
        if (latest != null && latest.readSequence() > afterSequence) {
            return latest;
        }
        ProjectKeys loaded = load(project, latest);
        cache.put(project.projectId(), loaded);
        return loaded;
    }

    private ReentrantLock lockOf(Project project) {
        return locks.computeIfAbsent(project.projectId(), id -> new ReentrantLock());
    }

    private ProjectKeys load(Project project, ProjectKeys previous) {
        String projectId = project.projectId();
        long sequence = reads.incrementAndGet();
        Instant now = clock.instant();
        Instant cutoff = now.minus(RETIRED_KEY_PUBLISHED_FOR);
        List<StoredSigningKey> rows = db.read(tx -> store.publishedSince(tx, projectId, cutoff));
        if (rows.stream().noneMatch(r -> r.retiredAt() == null)) {
            createFirstKey(project);
            rows = db.read(tx -> store.publishedSince(tx, projectId, cutoff));
        }
        List<PublishedKey> published = new ArrayList<>();
        SigningKey signing = null;
        for (StoredSigningKey row : rows) {
            PublishedKey known = previous == null ? null : previous.find(row.kid());
            RSAKey jwk = parsePublic(row);
            published.add(new PublishedKey(
                    row.kid(),
                    known != null ? known.jwk() : wireJwk(jwk),
                    known != null ? known.verifier() : verifierOf(jwk),
                    row.retiredAt()));
            if (row.retiredAt() == null) {
                if (previous != null
                        && previous.signing() != null
                        && previous.signing().kid().equals(row.kid())) {
                    signing = previous.signing();
                } else {
                    try {
                        signing = new SigningKey(row.kid(), new RSASSASigner(SigningKeyMaterial.open(box, row, jwk)));
                    } catch (SigningKeyUnavailableException e) {
                        // Logged once per read (every REFRESH_INTERVAL and JWKS fetch), not once per JWT.
                        LOG.warn(e.getMessage());
                    }
                }
            }
        }
        return new ProjectKeys(sequence, now, signing, List.copyOf(published));
    }

    /** Inserts the project's first key; when another thread or node wins the race, theirs stands. */
    private void createFirstKey(Project project) {
        StoredSigningKey created = newKey(project);
        try {
            db.useTransaction(tx -> store.insert(tx, created));
            LOG.info("Created signing key {} for project {}", created.kid(), project.projectId());
        } catch (UniqueViolationException e) {
            // Another node made the project's first key at the same moment: use that one.
        }
    }

    private StoredSigningKey newKey(Project project) {
        String kid = Ids.newId("jwk", project.environment());
        SigningKeyMaterial.NewKey key = SigningKeyMaterial.generate(kid);
        return new StoredSigningKey(
                kid,
                project.projectId(),
                key.publicJwk().toJSONString(),
                SigningKeyMaterial.seal(box, project.projectId(), kid, key.privateKey()),
                Timestamps.truncate(clock.instant()),
                null);
    }

    private static ApiException projectNotFound() {
        return new ApiException(ErrorType.PROJECT_NOT_FOUND, "Project not found.");
    }

    private static SigningKeyInfo info(StoredSigningKey key, Instant now) {
        Instant until = key.retiredAt() == null ? null : key.retiredAt().plus(RETIRED_KEY_PUBLISHED_FOR);
        return new SigningKeyInfo(
                key.kid(), key.createdAt(), key.retiredAt(), until, until == null || now.isBefore(until));
    }

    private static RSAKey parsePublic(StoredSigningKey row) {
        try {
            return RSAKey.parse(row.publicJwk());
        } catch (ParseException e) {
            throw new IllegalStateException("stored public JWK " + row.kid() + " is not an RSA JWK", e);
        }
    }

    private static JWSVerifier verifierOf(RSAKey jwk) {
        try {
            return new RSASSAVerifier(jwk);
        } catch (JOSEException e) {
            throw new IllegalStateException("stored public JWK " + jwk.getKeyID() + " cannot verify", e);
        }
    }

    /** The wire form: the contract's nine fields, no certificate (both SDKs accept that). */
    private static Jwk wireJwk(RSAKey jwk) {
        return new Jwk(
                "RSA",
                "sig",
                List.of("verify"),
                "RS256",
                jwk.getKeyID(),
                List.of(),
                "",
                jwk.getModulus().toString(),
                jwk.getPublicExponent().toString());
    }

    /** When the least recently rotated project's current key was made (empty: no keys yet). */
    public java.util.Optional<java.time.Instant> oldestCurrentKeyCreatedAt() {
        return db.read(store::oldestCurrentCreatedAt);
    }
}
