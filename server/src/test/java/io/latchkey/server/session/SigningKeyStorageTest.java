package io.latchkey.server.session;

import static io.latchkey.server.session.SessionFixtures.assertRefused;
import static io.latchkey.server.session.SessionFixtures.claims;
import static io.latchkey.server.session.SessionFixtures.kidOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latchkey.server.App;
import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.core.SecretBox;
import io.latchkey.server.project.Project;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.TestServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SigningKeyStorageTest {
    /** DER of the rsaEncryption OID: present in every PKCS#8 or SPKI RSA key in clear. */
    static final byte[] RSA_OID = HexFormat.of().parseHex("06092a864886f70d010101");

    static final byte[] TEST_MASTER_KEY = new byte[32];

    @RegisterExtension
    final TestServer server = TestServer.perTest(o -> o.withMasterKey(TEST_MASTER_KEY));

    Project project;

    @BeforeEach
    void start() {
        project = server.project();
    }

    record Row(String kid, String publicJwk, byte[] sealed) {}

    Row storedRow() throws Exception {
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT kid, public_jwk, sealed_private_key FROM signing_keys WHERE project_id = ?")) {
            ps.setString(1, project.projectId());
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
                assertThat(rows).hasSize(1);
                return rows.get(0);
            }
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void privateKeyIsStoredOnlySealedWithTheMasterKey() throws Exception {
        String jwt =
                server.app().sessionJwts().mint(project, claims(server.clock().instant()));
        Row row = storedRow();
        assertThat(row.kid()).isEqualTo(kidOf(jwt));

        JsonNode publicJwk = new ObjectMapper().readTree(row.publicJwk());
        for (String privateParameter : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
            assertThat(publicJwk.has(privateParameter)).as(privateParameter).isFalse();
        }
        assertThat(row.publicJwk()).doesNotContain("PRIVATE");
        String sealedAsText = new String(row.sealed(), StandardCharsets.ISO_8859_1);
        assertThat(sealedAsText).doesNotContain("PRIVATE KEY").doesNotContain("-----BEGIN");
        assertThat(contains(row.sealed(), RSA_OID))
                .as("PKCS#8 structure in clear")
                .isFalse();
        assertThat(row.sealed()[0] & 0xff).isNotEqualTo(0x30);

        // It is the master key, bound to project and kid, that opens it, to the published key.
        byte[] pkcs8 = new SecretBox(TEST_MASTER_KEY)
                .open(row.sealed(), SigningKeyMaterial.sealContext(project.projectId(), row.kid()));
        RSAPrivateCrtKey key =
                (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        String n = publicJwk.path("n").asText();
        assertThat(key.getModulus())
                .isEqualTo(new BigInteger(1, Base64.getUrlDecoder().decode(n)));
        assertThatThrownBy(() -> new SecretBox(TEST_MASTER_KEY)
                        .open(
                                row.sealed(),
                                SigningKeyMaterial.sealContext(
                                        "project-test-00000000-0000-4000-8000-000000000000", row.kid())))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nodeWithAnotherMasterKeyKeepsServingButCannotSign() throws Exception {
        String jwt =
                server.app().sessionJwts().mint(project, claims(server.clock().instant()));
        byte[] otherMasterKey = new byte[32];
        Arrays.fill(otherMasterKey, (byte) 7);

        App other = server.startNode(o -> o.withMasterKey(otherMasterKey));

        // It starts, publishes the keys and verifies their JWTs: nothing there needs the private key.
        ApiResponse jwks = new ApiClient(TestServer.baseUrlOf(other), null, null)
                .get("/v1/b2b/sessions/jwks/" + project.projectId());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.body().path("keys").get(0).path("kid").asText()).isEqualTo(kidOf(jwt));
        assertThat(other.sessionJwts().verify(project, jwt, false).kid()).isEqualTo(kidOf(jwt));

        // Signing fails with a clear refusal, every time, without taking the node down.
        String n = jwks.body().path("keys").get(0).path("n").asText();
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> other.sessionJwts()
                            .mint(project, claims(server.clock().instant())))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.type()).isEqualTo(ErrorType.SERVICE_UNAVAILABLE);
                        assertThat(e.getMessage())
                                .contains("signing key")
                                .doesNotContain(n)
                                .doesNotContain("MII");
                    });
        }
        assertThat(new ApiClient(TestServer.baseUrlOf(other), null, null)
                        .get("/readyz")
                        .status())
                .isEqualTo(200);

        // Rotating with it would seal a key no other node could open: refused, naming the setting.
        assertThatThrownBy(() -> other.signingKeys().rotate(project.projectId()))
                .isInstanceOf(SigningKeyUnavailableException.class)
                .hasMessageContaining("LATCHKEY_MASTER_KEY")
                .hasMessageContaining(kidOf(jwt));
        assertThat(server.app().signingKeys().list(project.projectId())).hasSize(1);

        // The nodes with the right key are unaffected.
        assertThat(kidOf(server.app()
                        .sessionJwts()
                        .mint(project, claims(server.clock().instant()))))
                .isEqualTo(kidOf(jwt));
    }

    @Test
    void aSealedKeyMovedToAnotherProjectDoesNotOpen() throws Exception {
        Project other = server.newProject("Other").project();
        server.app().sessionJwts().mint(project, claims(server.clock().instant()));
        String otherJwt =
                server.app().sessionJwts().mint(other, claims(server.clock().instant()));
        Row ours = storedRow();

        // Someone with write access to the database copies our sealed key into the other project's row.
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl());
                PreparedStatement ps =
                        c.prepareStatement("UPDATE signing_keys SET sealed_private_key = ? WHERE project_id = ?")) {
            ps.setBytes(1, ours.sealed());
            ps.setString(2, other.projectId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        App fresh = server.startNode(o -> o);

        assertRefused(
                () -> fresh.sessionJwts().mint(other, claims(server.clock().instant())),
                ErrorType.SERVICE_UNAVAILABLE,
                null);
        assertThat(fresh.sessionJwts().verify(other, otherJwt, false).kid()).isEqualTo(kidOf(otherJwt));
    }

    @Test
    void signingUsesTheKeyOpenedOnceNotTheStoredCopyOnEachCall() throws Exception {
        String kid = kidOf(
                server.app().sessionJwts().mint(project, claims(server.clock().instant())));
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl());
                PreparedStatement ps =
                        c.prepareStatement("UPDATE signing_keys SET sealed_private_key = ? WHERE project_id = ?")) {
            ps.setBytes(1, new byte[64]);
            ps.setString(2, project.projectId());
            ps.executeUpdate();
        }

        // The running node neither re-reads nor re-opens the private key per JWT, and keeps the
        // opened key across refreshes while the kid stays the same.
        assertThat(kidOf(server.app()
                        .sessionJwts()
                        .mint(project, claims(server.clock().instant()))))
                .isEqualTo(kid);
        server.clock().advance(SigningKeyService.REFRESH_INTERVAL.multipliedBy(3));
        assertThat(kidOf(server.app()
                        .sessionJwts()
                        .mint(project, claims(server.clock().instant()))))
                .isEqualTo(kid);

        App fresh = server.startNode(o -> o);
        assertRefused(
                () -> fresh.sessionJwts().mint(project, claims(server.clock().instant())),
                ErrorType.SERVICE_UNAVAILABLE,
                null);
    }
}
