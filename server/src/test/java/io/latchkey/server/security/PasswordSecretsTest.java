package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Security properties of passwords, checked after running every password call (successes and
 * refusals, with the passwords in requests the server refuses, malformed JSON included): no
 * password and no reset token is ever in the log, nor any stored or imported hash; and the
 * database holds no password in clear anywhere, stores hashes only as Argon2id after a login,
 * and keeps no imported hash once it has been replaced.
 */
class PasswordSecretsTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void passwordCallsLeaveNoPasswordTokenOrHashInTheLogOrAPasswordInClearInTheDatabase() throws Exception {
        ListAppender<ILoggingEvent> captured = capture();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<String> passwords = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        List<String> importedHashes = new ArrayList<>();
        try {
            ApiClient api = server.client();
            LoginFlow flow = new LoginFlow(server);
            String orgId = flow.organizationAllowing("acme.test")
                    .path("organization_id")
                    .asText();
            String email = unique("pw") + "@acme.test";
            String first = "First-Secret-" + unique("p");
            String second = "Second-Secret-" + unique("p");
            String third = "Third-Secret-" + unique("p");
            String wrong = "Wrong-Secret-" + unique("p");
            String weak = "weak" + unique("w").substring(0, 3);
            passwords.addAll(List.of(first, second, third, wrong, weak));

            // The emailed reset: a weak password refused, then the link spent.
            flow.signUpAndAuthenticate(orgId, email);
            api.post("/v1/b2b/passwords/email/reset/start", json("organization_id", orgId, "email_address", email));
            String token = tokenOf(flow.awaitLinks(email, 2).get(0));
            tokens.add(token);
            api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", weak));
            ApiResponse reset =
                    api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", first));
            assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
            api.post("/v1/b2b/passwords/email/reset", json("password_reset_token", token, "password", first));

            // Logins right and wrong, the changes by old password and by session, a required reset.
            api.post(
                    "/v1/b2b/passwords/authenticate",
                    json("organization_id", orgId, "email_address", email, "password", wrong));
            ApiResponse login = api.post(
                    "/v1/b2b/passwords/authenticate",
                    json("organization_id", orgId, "email_address", email, "password", first));
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            api.post(
                    "/v1/b2b/passwords/existing_password/reset",
                    json(
                            "organization_id",
                            orgId,
                            "email_address",
                            email,
                            "existing_password",
                            first,
                            "new_password",
                            second));
            api.post(
                    "/v1/b2b/passwords/session/reset",
                    json("organization_id", orgId, "password", third, "session_token", login.text("session_token")));
            api.post("/v1/b2b/passwords/strength_check", json("password", wrong, "email_address", email));
            api.post("/v1/b2b/passwords/discovery/authenticate", json("email_address", email, "password", third));
            api.post("/v1/b2b/passwords/discovery/email/reset/start", json("email_address", email));
            String discoveryToken = tokenOf(flow.awaitLinks(email, 3).get(0));
            tokens.add(discoveryToken);
            api.post(
                    "/v1/b2b/passwords/discovery/email/reset",
                    json("password_reset_token", discoveryToken, "password", first));
            api.post("/v1/b2b/passwords/email/require_reset", json("organization_id", orgId, "email_address", email));
            api.post(
                    "/v1/b2b/passwords/authenticate",
                    json("organization_id", orgId, "email_address", email, "password", first));

            // Requests the server cannot read at all still carry a password: malformed JSON, a
            // field of the wrong type, a lone surrogate.
            api.post(
                    "/v1/b2b/passwords/authenticate",
                    "{\"organization_id\":\"" + orgId + "\",\"password\":\"" + wrong + "\",");
            api.post(
                    "/v1/b2b/passwords/authenticate",
                    "{\"organization_id\":[\"" + wrong + "\"],\"password\":\"" + wrong + "\"}");
            api.post(
                    "/v1/b2b/passwords/authenticate",
                    "{\"organization_id\":\"" + orgId + "\",\"email_address\":\"" + email + "\",\"password\":\"" + wrong
                            + "\\ud800\"}");

            // An import, its login (which replaces the hash) and a malformed import.
            String imported = unique("imp") + "@acme.test";
            String importedPassword = "Imported-Secret-" + unique("p");
            passwords.add(importedPassword);
            String sha1 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1")
                            .digest(("salt" + importedPassword).getBytes(StandardCharsets.UTF_8)));
            importedHashes.add(sha1);
            api.post(
                    "/v1/b2b/passwords/migrate",
                    Map.of(
                            "organization_id", orgId,
                            "email_address", imported,
                            "hash_type", "sha_1",
                            "hash", sha1,
                            "sha_1_config", Map.of("prepend_salt", "salt")));
            ApiResponse importedLogin = api.post(
                    "/v1/b2b/passwords/authenticate",
                    json("organization_id", orgId, "email_address", imported, "password", importedPassword));
            assertThat(importedLogin.status()).as(importedLogin.toString()).isEqualTo(200);
            String badHash = "$2b$10$" + unique("bad");
            importedHashes.add(badHash);
            api.post(
                    "/v1/b2b/passwords/migrate",
                    json(
                            "organization_id",
                            orgId,
                            "email_address",
                            unique("bad") + "@acme.test",
                            "hash_type",
                            "bcrypt",
                            "hash",
                            badHash));
        } finally {
            root.detachAppender(captured);
        }

        List<String> storedHashes = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT hash FROM member_passwords")) {
            while (rs.next()) {
                storedHashes.add(rs.getString(1));
            }
        }
        assertThat(storedHashes)
                .as("after a login, every stored hash is the server's own Argon2id")
                .isNotEmpty()
                .allMatch(h -> h.startsWith("$argon2id$v=19$m="));

        String log = everything(captured);
        assertThat(captured.list).as("the request log captured the calls").hasSizeGreaterThan(20);
        for (String secret : concat(passwords, tokens, importedHashes, storedHashes)) {
            assertThat(log).as("the log").doesNotContain(secret);
        }
        // Salt and digest of each stored hash: a log line must not carry either part on its own.
        for (String hash : storedHashes) {
            String[] parts = hash.split("\\$");
            assertThat(log).doesNotContain(parts[parts.length - 1]).doesNotContain(parts[parts.length - 2]);
        }

        String database = everyStoredValue();
        for (String secret : concat(passwords, importedHashes)) {
            assertThat(database).as("the database").doesNotContain(secret);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    /** Every value of every row of every table, as text, read over a connection of the test's own. */
    private static String everyStoredValue() throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl())) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema == null || schema.equals("public")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            assertThat(tables).contains("member_passwords", "members");
            for (String table : tables) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            if (value instanceof byte[] bytes) {
                                all.append(new String(bytes, StandardCharsets.UTF_8));
                            } else if (value != null) {
                                all.append(value);
                            }
                            all.append('\n');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    private static ListAppender<ILoggingEvent> capture() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        captured.start();
        root.addAppender(captured);
        return captured;
    }

    private static String everything(ListAppender<ILoggingEvent> captured) {
        return captured.list.stream()
                .map(e -> e.getFormattedMessage() + "\n"
                        + (e.getThrowableProxy() == null
                                ? ""
                                : e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }
}
