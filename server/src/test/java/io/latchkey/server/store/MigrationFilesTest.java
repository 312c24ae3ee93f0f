package io.latchkey.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The migrations that have landed on main have reached databases in the field. Flyway refuses to
 * start on a database whose applied migration's checksum changed, so they stay byte-for-byte; and
 * it refuses one that lacks a migration older than the newest it has applied (out of order), so a
 * new migration's version is above every landed one. New migrations go to {@code
 * db/migration/common}; once a migration lands, add it to {@link #LANDED}.
 */
class MigrationFilesTest {
    private static final Map<String, String> LANDED = new LinkedHashMap<>();

    static {
        LANDED.put("sqlite/V1__projects.sql", "7fadcd7d3dccc08a44376ffe819784bb83ae84277381209f3d00000639152d04");
        LANDED.put(
                "sqlite/V2__organizations_members.sql",
                "5b4f74ae7ff84e3171e022bc20070124eaa25660c272b68f97343c9aa1f8a156");
        LANDED.put("sqlite/V3__mail_outbox.sql", "1c763518dbb02ecb8fc7520affc2176eda7ab38b1b2be93de8c557f9b056d501");
        LANDED.put("sqlite/V4__signing_keys.sql", "62dd73a1d8365f2d45d7c7c4a25718afbfd60a8e9ed8d042231cf87f5e7f2556");
        LANDED.put(
                "sqlite/V5__magic_links_sessions.sql",
                "fd417fb12d246beefebc96cf9fc0f5d544a3f2694555c3c1d753a7fc82f0e94f");
        LANDED.put("sqlite/V6__mfa.sql", "b5ce7e8ddbe98230f9c382455ba0119aaeb3b9e0c8630d1d056027f7d652dc86");
        LANDED.put("sqlite/V7__rate_limits.sql", "c6823ccb9865f0bbc949ba11d3e0fca153ce4c2e87d13ef09dfb5005ed147ec1");
        LANDED.put("sqlite/V8__view_versions.sql", "44567220dabba95f141a6cb041d1664a41e35f2bd8c280a0761e8213e7ef8892");
        LANDED.put("postgresql/V1__projects.sql", "7fadcd7d3dccc08a44376ffe819784bb83ae84277381209f3d00000639152d04");
        LANDED.put(
                "postgresql/V2__organizations_members.sql",
                "5b4f74ae7ff84e3171e022bc20070124eaa25660c272b68f97343c9aa1f8a156");
        LANDED.put(
                "postgresql/V3__mail_outbox.sql", "9f3c8b7ac62ed8e11a5a68457f591d867291ad80eb31e6fdfbfeb8ff58086708");
        LANDED.put(
                "postgresql/V4__signing_keys.sql", "395a50d987d89c1fde7c287724e4146633c8b8b45ec2671b56806aff11cdeb87");
        LANDED.put(
                "postgresql/V5__magic_links_sessions.sql",
                "fd417fb12d246beefebc96cf9fc0f5d544a3f2694555c3c1d753a7fc82f0e94f");
        LANDED.put("postgresql/V6__mfa.sql", "826950b0527953aee2272b3f606c3aeab3fc6cd1330e4219ed22249374fdbcaa");
        LANDED.put(
                "postgresql/V7__rate_limits.sql", "c6823ccb9865f0bbc949ba11d3e0fca153ce4c2e87d13ef09dfb5005ed147ec1");
        LANDED.put(
                "postgresql/V8__view_versions.sql", "44567220dabba95f141a6cb041d1664a41e35f2bd8c280a0761e8213e7ef8892");
        LANDED.put(
                "common/V10__organization_handles.sql",
                "a0f4cca8567408e96e16eb2af29a878a3602ba44444143f0dd722c8b0e2964bf");
        LANDED.put(
                "common/V11__mfa_consecutive_failures.sql",
                "6eff4653643e12266df3864e7ac4ffd5a7fcf97d0f80ef8fc5fd177240a58f16");
        LANDED.put("common/V20__rbac.sql", "721c261ab6d0c27e30d177f1ab927d4f579e8d87ef3ee44afc43480c8347ccde");
        LANDED.put("common/V40__passwords.sql", "2acf054370cb372f321cadb117a974da71f0910d94413a14ede49f9d924d7143");
        LANDED.put("common/V50__public_tokens.sql", "97a9283aeb47b8e6c2eeb4a41e13173eeb0e63072440ac4df362ff14eb54e85d");
        LANDED.put(
                "common/V51__sso_connections.sql", "3478c1364cd5920d4d5c17a843c89eef5b01e87581c76a491119514173b9a1b5");
        LANDED.put("common/V52__sso_logins.sql", "727b35dd9c150847aeaee7070e81ddb0f75c4c7832c6d9d09321acd5d5c265d2");
        LANDED.put(
                "common/V53__member_sso_registrations.sql",
                "2e42beb27637534531223a1aebcfa0d2e8f70c6235de6f8ae095e6be4b6209b9");
        LANDED.put(
                "common/V62__frontend_settings.sql",
                "939de61fdecd78e84ddd7826b32ccf56eebf21307e64e9e4e27fbe6341438b4e");
        LANDED.put("common/V63__saml_keys.sql", "27af3f1d70a1157f9f8e8f8286f4d2f6c9ea2626438367198dd8c0cc0d2476c7");
        LANDED.put("common/V64__saml_logins.sql", "0dbe6b1bbacf95dbd875797a8b5ef5661765f8a1dd433f8189d5a436415c31a5");
        LANDED.put(
                "common/V65__sso_registration_roles.sql",
                "28f2b5639496ef7417d44dfd320e8fbf9236039c5547356ed2ead4ea756e206c");
        LANDED.put(
                "common/V66__sso_external_connections.sql",
                "980d3fdb9813eb65d1f30bcb4ac2a788d38594db003445b2b3be1377add3dbdb");
    }

    @Test
    void landedPerDialectMigrationsAreUnchanged() throws Exception {
        for (Map.Entry<String, String> landed : LANDED.entrySet()) {
            assertThat(sha256("db/migration/" + landed.getKey()))
                    .as(landed.getKey() + " has landed and must not change")
                    .isEqualTo(landed.getValue());
        }
    }

    @Test
    void aMigrationNotYetLandedComesAfterEveryLandedOne() throws Exception {
        int newestLanded = LANDED.keySet().stream()
                .mapToInt(MigrationFilesTest::version)
                .max()
                .orElseThrow();
        for (String folder : new String[] {"common", "sqlite", "postgresql"}) {
            try (java.util.stream.Stream<java.nio.file.Path> files =
                    java.nio.file.Files.list(java.nio.file.Path.of(MigrationFilesTest.class
                            .getClassLoader()
                            .getResource("db/migration/" + folder)
                            .toURI()))) {
                for (java.nio.file.Path file : files.toList()) {
                    String name = folder + "/" + file.getFileName();
                    if (name.endsWith(".sql") && !LANDED.containsKey(name)) {
                        assertThat(version(name))
                                .as(name + " has not landed yet: its version must be above V" + newestLanded
                                        + ", or databases already at V" + newestLanded + " refuse to start")
                                .isGreaterThan(newestLanded);
                    }
                }
            }
        }
    }

    private static int version(String name) {
        String file = name.substring(name.indexOf('/') + 1);
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    private static String sha256(String resource) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = MigrationFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
