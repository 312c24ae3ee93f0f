package io.latchkey.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After full flows in two projects (sign-ups and logins by magic link, a revoked session,
 * discovery with a live and an exchanged intermediate session, unused links, TOTP enrolment,
 * recovery, SMS and email passcodes), reads every row of every table and looks for each secret
 * the flows handed out in clear: project secrets, magic-link and discovery tokens, session tokens
 * and JWTs, intermediate session tokens, TOTP secrets, recovery codes and passcodes. None may be
 * there, as text or as the hex of its bytes; the hashes of tokens must be. Codes short enough to
 * be found by trying every value are stored only under a keyed hash, never a plain SHA-256.
 */
class SecuritySecretsAtRestTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    static SecurityWorld world;

    @BeforeAll
    static void start() {
        world = SecurityWorld.build(server);
    }

    private static Map<String, String> clearValues() {
        Map<String, String> clear = new LinkedHashMap<>();
        for (SecurityWorld.Tenant t : List.of(world.a, world.b)) {
            String p = t == world.a ? "a " : "b ";
            clear.put(p + "project secret", t.secret());
            clear.put(p + "live session token", t.liveSessionToken());
            clear.put(p + "revoked session token", t.revokedSessionToken());
            clear.put(p + "live session JWT", t.liveSessionJwt());
            clear.put(p + "revoked session JWT", t.revokedSessionJwt());
            clear.put(p + "used magic-link token", t.usedMagicToken());
            clear.put(p + "unused magic-link token", t.unusedMagicToken());
            clear.put(p + "used discovery token", t.usedDiscoveryToken());
            clear.put(p + "unused discovery token", t.unusedDiscoveryToken());
            clear.put(p + "live intermediate session token", t.liveIst());
            clear.put(p + "consumed intermediate session token", t.consumedIst());
            SecurityWorld.Mfa m = t.mfa();
            clear.put(p + "TOTP secret", m.totpSecret());
            clear.put(p + "MFA session token", m.sessionToken());
            clear.put(p + "MFA session JWT", m.sessionJwt());
            clear.put(p + "live MFA intermediate session token", m.liveIst());
            clear.put(p + "MFA intermediate session token spent on TOTP", m.consumedIst());
            clear.put(p + "MFA intermediate session token spent on a recovery code", m.recoveredIst());
            clear.put(p + "email passcode session token", m.otpSessionToken());
            clear.put(p + "used recovery code", m.usedRecoveryCode());
            clear.put(
                    p + "used recovery code, as typed without hyphens",
                    m.usedRecoveryCode().replace("-", ""));
            for (String code : m.unusedRecoveryCodes()) {
                clear.put(p + "unused recovery code " + code.substring(0, 2) + "…", code);
                clear.put(
                        p + "unused recovery code " + code.substring(0, 2) + "…, without hyphens",
                        code.replace("-", ""));
            }
        }
        return clear;
    }

    @Test
    void noTableHoldsASecretOrTokenInClear() {
        Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
        assertThat(db)
                .containsKeys("projects", "magic_links", "member_sessions", "intermediate_sessions", "mail_outbox");
        List<String> found = new ArrayList<>();
        clearValues().forEach((what, value) -> {
            String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
            // A JWT's signature alone would be enough to replay it, so look for that part too.
            String signature = value.chars().filter(c -> c == '.').count() == 2
                    ? value.substring(value.lastIndexOf('.') + 1)
                    : null;
            db.forEach((table, rows) -> rows.forEach(row -> {
                if (row.contains(value)
                        || row.toLowerCase().contains(hex)
                        || signature != null && row.contains(signature)) {
                    found.add(what + " in " + table);
                }
            }));
        });
        assertThat(found).as("secrets stored in clear").isEmpty();
    }

    @Test
    void totpSecretsAreNotStoredAsTheirBytesEither() {
        Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
        List<String> found = new ArrayList<>();
        for (SecurityWorld.Tenant t : List.of(world.a, world.b)) {
            byte[] raw = base32(t.mfa().totpSecret());
            assertThat(raw).hasSizeGreaterThanOrEqualTo(16);
            List<String> forms = List.of(
                    HexFormat.of().formatHex(raw),
                    Base64.getEncoder().encodeToString(raw),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                    new String(raw, StandardCharsets.ISO_8859_1));
            db.forEach((table, rows) -> rows.forEach(row -> forms.stream()
                    .filter(form -> row.toLowerCase().contains(form.toLowerCase()) || row.contains(form))
                    .forEach(form -> found.add("a TOTP secret's bytes in " + table))));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void passcodesAndRecoveryCodesAreStoredOnlyUnderAKeyedHash() {
        Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
        List<String> found = new ArrayList<>();
        for (SecurityWorld.Tenant t : List.of(world.a, world.b)) {
            for (String code : t.mfa().codes()) {
                // A six-digit code under a plain SHA-256 is found by hashing a million candidates.
                List<String> plain = List.of(Tokens.hash(code), Tokens.hash(code.replace("-", "")));
                db.forEach((table, rows) -> rows.forEach(row -> {
                    if (plain.stream().anyMatch(row::contains)) {
                        found.add("the plain SHA-256 of a code in " + table);
                    }
                    for (String column : row.split(";")) {
                        if (column.endsWith("=" + code)) {
                            found.add("a code in clear in " + table + "." + column.substring(0, column.indexOf('=')));
                        }
                    }
                }));
            }
        }
        assertThat(found).isEmpty();
        // Rows hold sealed bytes, which may contain line breaks: look for the column, not a whole-row match.
        Pattern keyedHash = Pattern.compile("code_hash=[0-9a-f]{64};");
        assertThat(db.get("otp_codes"))
                .hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy(
                        row -> assertThat(keyedHash.matcher(row).find()).as(row).isTrue());
        assertThat(db.get("recovery_codes"))
                .hasSizeGreaterThanOrEqualTo(20)
                .allSatisfy(
                        row -> assertThat(keyedHash.matcher(row).find()).as(row).isTrue());
    }

    @Test
    void secretsAndTokensAreStoredAsTheirSha256() {
        Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
        for (SecurityWorld.Tenant t : List.of(world.a, world.b)) {
            Map<String, String> tokenInTable = new LinkedHashMap<>();
            tokenInTable.put(t.secret(), "projects");
            tokenInTable.put(t.liveSessionToken(), "member_sessions");
            tokenInTable.put(t.mfa().sessionToken(), "member_sessions");
            tokenInTable.put(t.unusedMagicToken(), "magic_links");
            tokenInTable.put(t.liveIst(), "intermediate_sessions");
            tokenInTable.put(t.mfa().liveIst(), "intermediate_sessions");
            tokenInTable.forEach((token, table) -> assertThat(db.get(table))
                    .as("the hash of a token issued in %s", table)
                    .anySatisfy(row -> assertThat(row).contains(Tokens.hash(token))));
        }
    }

    @Test
    void mailBodiesCarryingLinksAreSealedNotStoredInClear() {
        List<String> bodies = server.app()
                .database()
                .read(tx -> tx.query("SELECT sealed_body FROM mail_outbox", rs -> {
                    byte[] b = rs.getBytes(1);
                    return b == null ? "" : new String(b, StandardCharsets.ISO_8859_1);
                }));
        assertThat(bodies).isNotEmpty();
        for (String body : bodies) {
            assertThat(body)
                    .doesNotContain(world.a.unusedMagicToken())
                    .doesNotContain(world.b.unusedMagicToken())
                    .doesNotContain("stytch_token_type")
                    .doesNotContain("http")
                    .doesNotContain(" is your ")
                    .doesNotContain(world.a.mfa().unusedSmsCode())
                    .doesNotContain(world.a.mfa().unusedEmailCode())
                    .doesNotContain(world.b.mfa().unusedSmsCode())
                    .doesNotContain(world.b.mfa().unusedEmailCode());
        }
    }

    /** RFC 4648 base32, decoded here rather than by the server's own code. */
    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(java.util.Locale.ROOT).replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
