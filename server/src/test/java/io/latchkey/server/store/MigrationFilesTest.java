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
 * The per-dialect migrations V1–V8 have landed on databases in the field, and Flyway refuses to
 * start on a database whose applied migration's checksum changed: they must stay byte-for-byte.
 * New migrations go to {@code db/migration/common}.
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
    }

    @Test
    void landedPerDialectMigrationsAreUnchanged() throws Exception {
        for (Map.Entry<String, String> landed : LANDED.entrySet()) {
            assertThat(sha256("db/migration/" + landed.getKey()))
                    .as(landed.getKey() + " has landed and must not change")
                    .isEqualTo(landed.getValue());
        }
    }

    private static String sha256(String resource) throws IOException, NoSuchAlgorithmException {
        try (InputStream in = MigrationFilesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
