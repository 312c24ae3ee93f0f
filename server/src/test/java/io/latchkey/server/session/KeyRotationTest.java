package io.latchkey.server.session;

import static io.latchkey.server.session.SessionFixtures.assertRefused;
import static io.latchkey.server.session.SessionFixtures.claims;
import static io.latchkey.server.session.SessionFixtures.kidOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.App;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.project.NewProject;
import io.latchkey.server.project.Project;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeyRotationTest {
    @RegisterExtension
    final TestServer server = TestServer.perTest();

    Project project;

    @BeforeEach
    void start() {
        project = server.project();
    }

    static List<String> publishedKids(String baseUrl, String projectId) {
        JsonNode keys = new ApiClient(baseUrl, null, null)
                .get("/v1/b2b/sessions/jwks/" + projectId)
                .body()
                .path("keys");
        List<String> kids = new ArrayList<>();
        keys.forEach(k -> kids.add(k.path("kid").asText()));
        return kids;
    }

    List<String> publishedKids() {
        return publishedKids(server.baseUrl(), project.projectId());
    }

    String mint(App node) {
        return node.sessionJwts().mint(project, claims(server.clock().instant()));
    }

    @Test
    void rotationKeepsTheOldKeyPublishedUntilEveryJwtItSignedHasExpired() throws Exception {
        String before = mint(server.app());
        String oldKid = kidOf(before);

        SigningKeyInfo rotated = server.app().signingKeys().rotate(project.projectId());

        String after = mint(server.app());
        assertThat(kidOf(after)).isEqualTo(rotated.kid()).isNotEqualTo(oldKid);
        assertThat(publishedKids()).containsExactly(rotated.kid(), oldKid);
        assertThat(server.app().sessionJwts().verify(project, before, false).kid())
                .isEqualTo(oldKid);
        assertThat(server.app().sessionJwts().verify(project, after, false).kid())
                .isEqualTo(rotated.kid());
        JoseStyleVerifier.verify(server.baseUrl(), project.projectId(), before);

        // Every JWT of the old key has expired, but nodes that signed late and skewed clocks are
        // still covered: the key stays.
        server.clock().advance(SessionJwts.LIFETIME.plusSeconds(1));
        assertRefused(
                () -> server.app().sessionJwts().verify(project, before, false), ErrorType.SESSION_NOT_FOUND, before);
        assertThat(server.app().sessionJwts().verify(project, before, true).expired())
                .isTrue();
        assertThat(publishedKids()).containsExactly(rotated.kid(), oldKid);

        server.clock().advance(SigningKeyService.RETIRED_KEY_PUBLISHED_FOR.minus(SessionJwts.LIFETIME));
        assertThat(publishedKids()).containsExactly(rotated.kid());
        assertRefused(
                () -> server.app().sessionJwts().verify(project, before, true), ErrorType.SESSION_NOT_FOUND, before);
        assertThat(server.app().sessionJwts().verify(project, after, true).kid())
                .isEqualTo(rotated.kid());

        List<SigningKeyInfo> listed = server.app().signingKeys().list(project.projectId());
        assertThat(listed).extracting(SigningKeyInfo::kid).containsExactly(rotated.kid(), oldKid);
        assertThat(listed.get(0).retiredAt()).isNull();
        assertThat(listed.get(0).published()).isTrue();
        assertThat(listed.get(1).retiredAt()).isEqualTo(rotated.createdAt());
        assertThat(listed.get(1).published()).isFalse();
    }

    @Test
    void retiredKeyIsPublishedLongerThanAJwtLivesPlusARefreshAndTheSkew() {
        assertThat(SigningKeyService.RETIRED_KEY_PUBLISHED_FOR)
                .isGreaterThanOrEqualTo(SessionJwts.LIFETIME
                        .plus(SigningKeyService.REFRESH_INTERVAL)
                        .plus(SessionJwts.CLOCK_SKEW));
        assertThat(SigningKeyService.JWKS_MAX_AGE).isLessThan(SessionJwts.LIFETIME);
    }

    @Test
    void anotherNodeSwitchesToARotatedKeyWithinTheRefreshInterval() throws Exception {
        App other = server.startNode(o -> o);
        String oldKid = kidOf(mint(other));

        String newKid = server.app().signingKeys().rotate(project.projectId()).kid();
        assertThat(kidOf(mint(server.app()))).isEqualTo(newKid);

        // The other node may sign with the old key until its next read; the JWKS still covers it.
        String lateOld = mint(other);
        assertThat(kidOf(lateOld)).isEqualTo(oldKid);
        assertThat(server.app().sessionJwts().verify(project, lateOld, false).kid())
                .isEqualTo(oldKid);
        JoseStyleVerifier.verify(server.baseUrl(), project.projectId(), lateOld);

        server.clock().advance(SigningKeyService.REFRESH_INTERVAL);
        assertThat(kidOf(mint(other))).isEqualTo(newKid);
    }

    @Test
    void anotherNodeVerifiesJwtsOfANewKeyAtOnce() {
        App other = server.startNode(o -> o);
        String oldKid = kidOf(mint(other));

        String newKid = server.app().signingKeys().rotate(project.projectId()).kid();
        String fromRotatingNode = mint(server.app());

        // An unknown kid sends the other node to the database: no waiting for the refresh.
        assertThat(other.sessionJwts().verify(project, fromRotatingNode, false).kid())
                .isEqualTo(newKid);
        assertThat(publishedKids(TestServer.baseUrlOf(other), project.projectId()))
                .containsExactly(newKid, oldKid);
        assertThat(kidOf(mint(other))).isEqualTo(newKid);
    }

    @Test
    void jwksOfAnotherNodeShowsARotationAtOnce() {
        App other = server.startNode(o -> o);
        String oldKid =
                publishedKids(TestServer.baseUrlOf(other), project.projectId()).get(0);
        assertThat(kidOf(mint(other))).isEqualTo(oldKid);

        String newKid = server.app().signingKeys().rotate(project.projectId()).kid();

        // A client that meets the rotating node's first new JWT may fetch the JWKS from this node.
        assertThat(publishedKids(TestServer.baseUrlOf(other), project.projectId()))
                .containsExactly(newKid, oldKid);
    }

    @Test
    void nodesRacingToMakeAProjectsFirstKeyAgreeOnOne() throws Exception {
        NewProject fresh = server.newProject("Race");
        App other = server.startNode(o -> o);
        List<App> nodes = List.of(server.app(), other);
        List<Callable<String>> calls = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            App node = nodes.get(i % 2);
            calls.add(() -> {
                go.await();
                return kidOf(node.sessionJwts()
                        .mint(fresh.project(), claims(server.clock().instant())));
            });
        }

        Set<String> kids = new HashSet<>(runTogether(calls, go));

        assertThat(kids).hasSize(1);
        assertThat(server.app().signingKeys().list(fresh.project().projectId())).hasSize(1);
    }

    @Test
    void concurrentRotationsLeaveExactlyOneCurrentKey() throws Exception {
        mint(server.app());
        App other = server.startNode(o -> o);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<String>> calls = new ArrayList<>();
        for (App node : List.of(server.app(), other, server.app(), other)) {
            calls.add(() -> {
                go.await();
                return node.signingKeys().rotate(project.projectId()).kid();
            });
        }

        List<String> rotatedTo = runTogether(calls, go);

        List<SigningKeyInfo> keys = server.app().signingKeys().list(project.projectId());
        assertThat(keys).hasSize(5);
        assertThat(keys).filteredOn(k -> k.retiredAt() == null).hasSize(1);
        assertThat(new HashSet<>(rotatedTo)).hasSize(4);
        String current = keys.get(0).kid();
        assertThat(keys.get(0).retiredAt()).isNull();
        // Each node has seen its own rotations; the other node's within the refresh interval.
        server.clock().advance(SigningKeyService.REFRESH_INTERVAL);
        assertThat(kidOf(mint(server.app()))).isEqualTo(current);
        assertThat(kidOf(mint(other))).isEqualTo(current);
    }

    private static <T> List<T> runTogether(List<Callable<T>> calls, CountDownLatch go) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
