package io.latchkey.server.security;

import static io.latchkey.server.testing.ApiClient.json;
import static io.latchkey.server.testing.LoginFlow.tokenOf;
import static io.latchkey.server.testing.LoginFlow.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.latchkey.server.testing.ApiClient;
import io.latchkey.server.testing.ApiResponse;
import io.latchkey.server.testing.LoginFlow;
import io.latchkey.server.testing.MfaFlow;
import io.latchkey.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of full login flows (magic link and session; MFA with TOTP, recovery
 * codes, SMS and email passcodes) and searches it for the secrets, tokens and codes the flows
 * handled: none may appear, in messages or in logged exceptions.
 */
class NoSecretsInLogsTest {

    @Test
    void aFullLoginAndDiscoveryFlowLogsNoSecretTokenOrJwt() {
        ListAppender<ILoggingEvent> captured = capture();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<String> secrets = new ArrayList<>();
        try (TestServer server = TestServer.start()) {
            secrets.add(server.secret());
            ApiClient api = server.client();
            LoginFlow flow = new LoginFlow(server);
            JsonNode org = flow.organizationAllowing("acme.test");
            String orgId = org.path("organization_id").asText();
            String email = unique("u") + "@acme.test";

            flow.loginOrSignup(orgId, email);
            String link = flow.awaitLink(email);
            String magicToken = tokenOf(link);
            secrets.add(magicToken);
            ApiResponse login = api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", magicToken));
            String sessionToken = login.text("session_token");
            String jwt = login.text("session_jwt");
            secrets.add(sessionToken);
            secrets.add(jwt);
            secrets.add(jwt.substring(jwt.lastIndexOf('.') + 1));

            // Failures log too: a reused link, a wrong secret, a garbage JWT, a revoked session.
            api.post("/v1/b2b/magic_links/authenticate", json("magic_links_token", magicToken));
            api.as(server.projectId(), "secret-test-wrong-" + unique("s")).get("/v1/b2b/organizations/" + orgId);
            api.post("/v1/b2b/sessions/authenticate", json("session_jwt", jwt + "x"));
            api.post("/v1/b2b/sessions/authenticate", json("session_token", sessionToken));
            api.post("/v1/b2b/sessions/revoke", json("session_token", sessionToken));
            api.post("/v1/b2b/sessions/authenticate", json("session_token", sessionToken));
            api.send("GET", "/v1/b2b/organizations/" + orgId + "?token=" + magicToken, null, java.util.Map.of());

            // Discovery: its link, the intermediate session, the organizations list and the exchange.
            api.post("/v1/b2b/magic_links/email/discovery/send", json("email_address", email));
            String discoveryToken = tokenOf(flow.awaitLinks(email, 2).get(0));
            secrets.add(discoveryToken);
            ApiResponse discovered = api.post(
                    "/v1/b2b/magic_links/discovery/authenticate", json("discovery_magic_links_token", discoveryToken));
            assertThat(discovered.status()).as(discovered.toString()).isEqualTo(200);
            String ist = discovered.text("intermediate_session_token");
            secrets.add(ist);
            api.post("/v1/b2b/discovery/organizations", json("intermediate_session_token", ist));
            ApiResponse exchanged = api.post(
                    "/v1/b2b/discovery/intermediate_sessions/exchange",
                    json("intermediate_session_token", ist, "organization_id", orgId));
            assertThat(exchanged.status()).as(exchanged.toString()).isEqualTo(200);
            secrets.add(exchanged.text("session_token"));
            secrets.add(exchanged.text("session_jwt"));
            api.post(
                    "/v1/b2b/discovery/intermediate_sessions/exchange",
                    json("intermediate_session_token", ist, "organization_id", orgId));
            api.post("/v1/b2b/magic_links/discovery/authenticate", json("discovery_magic_links_token", discoveryToken));
        } finally {
            root.detachAppender(captured);
        }
        String everything = everything(captured);
        assertThat(captured.list)
                .as("the request log must have captured the flow")
                .hasSizeGreaterThan(8);
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
        }
    }

    @Test
    void mfaFlowsLogNoTotpSecretRecoveryCodePasscodeOrIntermediateSession() {
        ListAppender<ILoggingEvent> captured = capture();
        List<String> secrets = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (TestServer server = TestServer.start()) {
            ApiClient api = server.client();
            MfaFlow mfa = new MfaFlow(server);
            String orgId =
                    mfa.mfaOrganization("acme.test").path("organization_id").asText();
            String email = unique("m") + "@acme.test";
            JsonNode first = mfa.primaryFactorOnly(orgId, email);
            String memberId = first.path("member_id").asText();
            String ist = first.path("intermediate_session_token").asText();
            secrets.add(ist);
            JsonNode created = api.post(
                            "/v1/b2b/totp",
                            json("organization_id", orgId, "member_id", memberId, "intermediate_session_token", ist))
                    .body();
            String secret = created.path("secret").asText();
            secrets.add(secret);
            created.path("recovery_codes").forEach(c -> secrets.add(c.asText()));
            String totp = MfaFlow.totp(secret, server.clock().instant());
            codes.add(totp);
            ApiResponse totpLogin = api.post(
                    "/v1/b2b/totp/authenticate",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "code",
                            totp,
                            "intermediate_session_token",
                            ist));
            assertThat(totpLogin.status()).as(totpLogin.toString()).isEqualTo(200);
            String session = totpLogin.text("session_token");
            secrets.add(session);
            secrets.add(totpLogin.text("session_jwt"));

            String recoveryCode = created.path("recovery_codes").get(0).asText();
            String secondIst = mfa.newIntermediateSession(orgId, email);
            secrets.add(secondIst);
            api.post(
                    "/v1/b2b/recovery_codes/recover",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "recovery_code",
                            recoveryCode,
                            "intermediate_session_token",
                            secondIst));
            api.get("/v1/b2b/recovery_codes/" + orgId + "/" + memberId);
            api.post("/v1/b2b/recovery_codes/rotate", json("organization_id", orgId, "member_id", memberId))
                    .body()
                    .path("recovery_codes")
                    .forEach(c -> secrets.add(c.asText()));

            String phone = MfaFlow.uniquePhone();
            mfa.sendSms(orgId, memberId, phone, "session_token", session);
            String smsCode = mfa.awaitSmsCode(phone);
            codes.add(smsCode);
            mfa.authenticateSms(orgId, memberId, smsCode, "session_token", session);

            String otpEmail = unique("o") + "@acme.test";
            String plainOrg = new LoginFlow(server)
                    .organizationAllowing("acme.test")
                    .path("organization_id")
                    .asText();
            api.post(
                    "/v1/b2b/otps/email/login_or_signup", json("organization_id", plainOrg, "email_address", otpEmail));
            String emailCode = mfa.awaitEmailCode(otpEmail);
            codes.add(emailCode);
            ApiResponse otpLogin = api.post(
                    "/v1/b2b/otps/email/authenticate",
                    json("organization_id", plainOrg, "email_address", otpEmail, "code", emailCode));
            secrets.add(otpLogin.text("session_token"));

            // Refusals log too: every code again (used), a wrong TOTP code, a spent intermediate session.
            api.post(
                    "/v1/b2b/totp/authenticate",
                    json("organization_id", orgId, "member_id", memberId, "code", totp, "session_token", session));
            api.post(
                    "/v1/b2b/recovery_codes/recover",
                    json(
                            "organization_id",
                            orgId,
                            "member_id",
                            memberId,
                            "recovery_code",
                            recoveryCode,
                            "intermediate_session_token",
                            secondIst));
            mfa.authenticateSms(orgId, memberId, smsCode, "session_token", session);
            api.post(
                    "/v1/b2b/otps/email/authenticate",
                    json("organization_id", plainOrg, "email_address", otpEmail, "code", emailCode));
            api.post("/v1/b2b/totp/migrate", json("organization_id", orgId, "member_id", memberId, "secret", secret));
        } finally {
            root.detachAppender(captured);
        }
        String everything = everything(captured);
        assertThat(captured.list)
                .as("the request log must have captured the flow")
                .hasSizeGreaterThan(15);
        for (String secret : secrets) {
            assertThat(everything).doesNotContain(secret);
        }
        for (String code : codes) {
            // Bounded by anything but letters and digits: a six-digit run inside an id is not the code.
            assertThat(Pattern.compile("(?<![0-9A-Za-z])" + code + "(?![0-9A-Za-z])")
                            .matcher(everything)
                            .find())
                    .as("a passcode in the log")
                    .isFalse();
        }
        assertThat(everything).doesNotContain(" is your ");
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
