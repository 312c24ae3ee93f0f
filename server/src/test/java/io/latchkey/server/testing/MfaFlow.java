package io.latchkey.server.testing;

import static io.latchkey.server.testing.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Steps of MFA flows as a test performs them over HTTP: a login that stops at MFA, codes read
 * back from the dev mailbox (SMS and email), and TOTP codes computed here, independently of the
 * server's own implementation (RFC 6238: HMAC-SHA1, six digits, 30-second steps).
 */
public final class MfaFlow {
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private final TestServer server;
    private final ApiClient api;
    private final LoginFlow flow;

    public MfaFlow(TestServer server) {
        this.server = server;
        this.api = server.client();
        this.flow = new LoginFlow(server);
    }

    public LoginFlow login() {
        return flow;
    }

    /** A valid US number no other test uses (fictional 555 numbers are not all valid). */
    public static String uniquePhone() {
        return "+1415" + ThreadLocalRandom.current().nextInt(2, 10)
                + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    public static String email(String domain) {
        return LoginFlow.unique("user") + "@" + domain;
    }

    /** An organization that requires MFA of every member, open to sign-up from {@code domain}. */
    public JsonNode mfaOrganization(String domain, Object... extraSettings) {
        Object[] settings = new Object[extraSettings.length + 2];
        settings[0] = "mfa_policy";
        settings[1] = "REQUIRED_FOR_ALL";
        System.arraycopy(extraSettings, 0, settings, 2, extraSettings.length);
        return flow.organizationAllowing(domain, settings);
    }

    /** Signs {@code email} up by magic link where MFA is due: the authenticate body, with its IST. */
    public JsonNode primaryFactorOnly(String organizationId, String email) {
        ApiResponse r = flow.signUpAndAuthenticate(organizationId, email);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body().path("member_authenticated").asBoolean())
                .as(r.toString())
                .isFalse();
        assertThat(r.text("intermediate_session_token")).isNotEmpty();
        return r.body();
    }

    /** A fresh IST for a member who already exists (logs in again by magic link). */
    public String newIntermediateSession(String organizationId, String email) {
        return primaryFactorOnly(organizationId, email)
                .path("intermediate_session_token")
                .asText();
    }

    public ApiResponse sendSms(String organizationId, String memberId, String phone, Object... tokens) {
        return api.post(
                "/v1/b2b/otps/sms/send",
                with(
                        json("organization_id", organizationId, "member_id", memberId, "mfa_phone_number", phone),
                        tokens));
    }

    public ApiResponse authenticateSms(String organizationId, String memberId, String code, Object... tokens) {
        return api.post(
                "/v1/b2b/otps/sms/authenticate",
                with(json("organization_id", organizationId, "member_id", memberId, "code", code), tokens));
    }

    /** The code of the newest SMS to {@code phone}. */
    public String awaitSmsCode(String phone) {
        return awaitCodes("sms", phone, 1).get(0);
    }

    /** The code of the newest email to {@code email}. */
    public String awaitEmailCode(String email) {
        return awaitCodes("email", email, 1).get(0);
    }

    /** The codes of the newest {@code count} messages of {@code kind} to {@code to}, newest first. */
    public List<String> awaitCodes(String kind, String to, int count) {
        return new DevMailbox(api).await(to, kind, SIX_DIGITS, count);
    }

    /** Adds alternating keys and values (a session token, say) to a request body. */
    public static java.util.Map<String, Object> with(java.util.Map<String, Object> body, Object... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    // ---------------------------------------------------------------- TOTP, computed by the test

    /** The TOTP code for {@code base32Secret} at {@code time}. */
    public static String totp(String base32Secret, Instant time) {
        return totpAtStep(base32Secret, Math.floorDiv(time.getEpochSecond(), 30));
    }

    public static String totpAtStep(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int o = h[19] & 0xf;
            int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
            return String.format("%06d", bin % 1_000_000);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] base32(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : s.toUpperCase(Locale.ROOT).replace("=", "").toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    public TestServer server() {
        return server;
    }
}
