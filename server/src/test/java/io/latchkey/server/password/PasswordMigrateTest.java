package io.latchkey.server.password;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.ErrorAssert.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** passwords.migrate: every hash type Stytch accepts logs in, and is rehashed to Argon2id then. */
class PasswordMigrateTest {
    static final String PW = "imported secret 1";
    static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static ApiClient api;
    static LoginFlow flow;
    static String orgId;

    @BeforeAll
    static void start() {
        api = server.client();
        flow = new LoginFlow(server);
        orgId = flow.organizationAllowing("acme.test").path("organization_id").asText();
    }

    /** Migrates, logs in with the password (and not with another), and checks the upgrade. */
    static void importsAndLogsIn(String hashType, String hash, Object... config) {
        String email = LoginFlow.unique(hashType.replace("_", "")) + "@acme.test";
        Map<String, Object> body =
                json("organization_id", orgId, "email_address", email, "hash_type", hashType, "hash", hash);
        for (int i = 0; i < config.length; i += 2) {
            body.put((String) config[i], config[i + 1]);
        }
        ApiResponse migrated = api.post("/v1/b2b/passwords/migrate", body);
        assertThat(migrated.status()).as(hashType + " " + migrated).isEqualTo(200);
        assertThat(migrated.body().path("member_created").asBoolean()).isTrue();
        assertThat(migrated.body().path("member").path("email_address_verified").asBoolean())
                .isTrue();
        assertThat(migrated.rawBody()).doesNotContain(hash);
        String memberId = migrated.text("member_id");

        assertError(login(email, PW + "x"), 401, "unauthorized_credentials");
        ApiResponse ok = login(email, PW);
        assertThat(ok.status()).as(hashType + " " + ok).isEqualTo(200);
        assertThat(PasswordTest.storedHashOf(server, memberId)).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(login(email, PW).status()).isEqualTo(200);
    }

    static ApiResponse login(String email, String password) {
        return api.post(
                "/v1/b2b/passwords/authenticate",
                json("organization_id", orgId, "email_address", email, "password", password));
    }

    @Test
    void bcrypt() {
        importsAndLogsIn("bcrypt", OpenBSDBCrypt.generate("2b", PW.toCharArray(), SALT, 4));
    }

    @Test
    void md5Sha1AndSha512WithSalts() throws Exception {
        importsAndLogsIn(
                "md_5",
                hex("MD5", "pre" + PW + "post"),
                "md_5_config",
                json("prepend_salt", "pre", "append_salt", "post"));
        importsAndLogsIn("sha_1", hex("SHA-1", PW));
        importsAndLogsIn(
                "sha_512",
                Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-512")
                                .digest((PW + "s").getBytes(StandardCharsets.UTF_8))),
                "sha_512_config",
                json("append_salt", "s"));
    }

    @Test
    void argon2iAndArgon2idAsPhcStringsOrWithTheirConfig() {
        byte[] i = Argon2id.derive(Argon2Parameters.ARGON2_i, 19, 64, 2, 1, SALT, PW, 32);
        importsAndLogsIn("argon_2i", new Argon2id.Phc(Argon2Parameters.ARGON2_i, 19, 64, 2, 1, SALT, i).encode());
        byte[] id = Argon2id.derive(Argon2Parameters.ARGON2_id, 19, 128, 3, 2, SALT, PW, 24);
        importsAndLogsIn(
                "argon_2id",
                Base64.getEncoder().encodeToString(id),
                "argon_2_config",
                json(
                        "salt",
                        Base64.getEncoder().encodeToString(SALT),
                        "iteration_amount",
                        3,
                        "memory",
                        128,
                        "threads",
                        2,
                        "key_length",
                        24));
    }

    @Test
    void scryptAndPbkdf2() {
        byte[] s = SCrypt.generate(PW.getBytes(StandardCharsets.UTF_8), SALT, 1024, 8, 1, 32);
        importsAndLogsIn(
                "scrypt",
                Base64.getEncoder().encodeToString(s),
                "scrypt_config",
                json(
                        "salt",
                        Base64.getEncoder().encodeToString(SALT),
                        "n_parameter",
                        1024,
                        "r_parameter",
                        8,
                        "p_parameter",
                        1,
                        "key_length",
                        32));
        PKCS5S2ParametersGenerator g = new PKCS5S2ParametersGenerator(new SHA256Digest());
        g.init(PW.getBytes(StandardCharsets.UTF_8), SALT, 1000);
        byte[] p = ((KeyParameter) g.generateDerivedParameters(256)).getKey();
        importsAndLogsIn(
                "pbkdf_2",
                Base64.getEncoder().encodeToString(p),
                "pbkdf_2_config",
                json(
                        "salt",
                        Base64.getEncoder().encodeToString(SALT),
                        "iteration_amount",
                        1000,
                        "key_length",
                        32,
                        "algorithm",
                        "sha256"));
    }

    @Test
    void phpassMatchesTheReferenceImplementation() {
        // The test vector of phpass's own test script.
        assertThat(LegacyHashes.phpass(
                        "test12345".getBytes(StandardCharsets.UTF_8), "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0"))
                .isEqualTo("$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0");
        importsAndLogsIn("phpass", LegacyHashes.phpass(PW.getBytes(StandardCharsets.UTF_8), "$P$Babcdefgh"));
    }

    @Test
    void malformedImportsAreRefusedAndChangeNothing() {
        String email = LoginFlow.unique("bad") + "@acme.test";
        assertError(
                api.post(
                        "/v1/b2b/passwords/migrate",
                        json("organization_id", orgId, "email_address", email, "hash_type", "rot13", "hash", "x")),
                400,
                "invalid_hash_type");
        assertError(
                api.post(
                        "/v1/b2b/passwords/migrate",
                        json(
                                "organization_id",
                                orgId,
                                "email_address",
                                email,
                                "hash_type",
                                "bcrypt",
                                "hash",
                                "not-bcrypt")),
                400,
                "invalid_bcrypt_hash");
        assertError(
                api.post(
                        "/v1/b2b/passwords/migrate",
                        json("organization_id", orgId, "email_address", email, "hash_type", "scrypt", "hash", "AAAA")),
                400,
                "missing_required_field");
        assertError(login(email, PW), 401, "unauthorized_credentials");
    }

    private static String hex(String algorithm, String input) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8)));
    }
}
