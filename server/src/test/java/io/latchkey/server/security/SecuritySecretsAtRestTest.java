package io.latchkey.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.latchkey.server.core.Tokens;
import io.latchkey.server.testing.DbSnapshot;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After full flows in two projects (sign-ups and logins by magic link, a revoked session,
 * discovery with a live and an exchanged intermediate session, unused links), reads every row of
 * every table and looks for each secret the flows handed out in clear: project secrets,
 * magic-link and discovery tokens, session tokens and JWTs, intermediate session tokens. None
 * may be there, as text or as the hex of its bytes; their SHA-256 must be.
 */
class SecuritySecretsAtRestTest {
  static TestServer server;
  static SecurityWorld world;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    world = SecurityWorld.build(server);
  }

  @AfterAll
  static void stop() {
    server.close();
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
    }
    return clear;
  }

  @Test
  void noTableHoldsASecretOrTokenInClear() {
    Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
    assertThat(db).containsKeys("projects", "magic_links", "member_sessions", "intermediate_sessions", "mail_outbox");
    List<String> found = new ArrayList<>();
    clearValues().forEach((what, value) -> {
      String hex = HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
      // A JWT's signature alone would be enough to replay it, so look for that part too.
      String signature = value.chars().filter(c -> c == '.').count() == 2 ? value.substring(value.lastIndexOf('.') + 1) : null;
      db.forEach((table, rows) -> rows.forEach(row -> {
        if (row.contains(value) || row.toLowerCase().contains(hex) || signature != null && row.contains(signature)) {
          found.add(what + " in " + table);
        }
      }));
    });
    assertThat(found).as("secrets stored in clear").isEmpty();
  }

  @Test
  void secretsAndTokensAreStoredAsTheirSha256() {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (SecurityWorld.Tenant t : List.of(world.a, world.b)) {
      hashes.put("projects", Tokens.hash(t.secret()));
      hashes.put("member_sessions", Tokens.hash(t.liveSessionToken()));
      hashes.put("magic_links", Tokens.hash(t.unusedMagicToken()));
      hashes.put("intermediate_sessions", Tokens.hash(t.liveIst()));
      Map<String, List<String>> db = DbSnapshot.everyTable(server.app().database());
      hashes.forEach((table, hash) -> assertThat(db.get(table))
          .as("the hash of a token issued in %s", table)
          .anySatisfy(row -> assertThat(row).contains(hash)));
    }
  }

  @Test
  void mailBodiesCarryingLinksAreSealedNotStoredInClear() {
    List<String> bodies = server.app().database().read(tx -> tx.query(
        "SELECT sealed_body FROM mail_outbox", rs -> {
          byte[] b = rs.getBytes(1);
          return b == null ? "" : new String(b, StandardCharsets.ISO_8859_1);
        }));
    assertThat(bodies).isNotEmpty();
    for (String body : bodies) {
      assertThat(body).doesNotContain(world.a.unusedMagicToken()).doesNotContain(world.b.unusedMagicToken())
          .doesNotContain("stytch_token_type").doesNotContain("http");
    }
  }
}
