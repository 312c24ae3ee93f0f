package io.latchkey.example.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-session CSRF tokens: an HMAC of the Latchkey session id under a key only this app knows.
 * A cross-site page cannot read our pages, so it cannot learn the token that every form of ours
 * carries (field {@code csrf_token}; header {@code X-CSRF-Token} for JSON clients). The token is
 * stateless (nothing to store), survives the JWT's refreshes (the session id does not change),
 * and dies with the session.
 */
public final class CsrfTokens {
    public static final String FIELD = "csrf_token";
    public static final String HEADER = "X-CSRF-Token";

    private final SecretKeySpec key;

    public CsrfTokens(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The token for forms of this session. */
    public String tokenFor(String memberSessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] tag = mac.doFinal(("csrf\0" + memberSessionId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * The token for forms of a login still in progress (MFA, discovery), bound to its intermediate
     * session token: there is no session id yet. The prefix keeps it apart from session tokens.
     */
    public String tokenForIntermediate(String intermediateSessionToken) {
        return tokenFor("intermediate\0" + intermediateSessionToken);
    }

    /**
     * Throws {@link UserError} 403 unless the request carries this session's token.
     *
     * @param presented the token from the form or header; may be null
     */
    public void verify(String memberSessionId, String presented) {
        byte[] expected = tokenFor(memberSessionId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw UserError.forbidden(
                    "invalid_csrf_token",
                    "This form has expired",
                    "The form did not carry this session's security token. Reload the page and send it again.");
        }
    }

    /** As {@link #verify}, for a form of a login in progress (see {@link #tokenForIntermediate}). */
    public void verifyIntermediate(String intermediateSessionToken, String presented) {
        verify("intermediate\0" + intermediateSessionToken, presented);
    }

    /** The token a request presents: the form field, else the header. */
    public static String presented(Context ctx, String formValue) {
        return formValue != null ? formValue : ctx.header(HEADER);
    }
}
