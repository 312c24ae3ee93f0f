package io.latchkey.server.sso.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * AuthnRequests over the HTTP-Redirect binding: deflated, base64, URL-encoded, and signed (SigAlg
 * and Signature over the query, as the binding specifies) with the connection's signing key.
 */
public final class AuthnRequests {
    private AuthnRequests() {}

    /** A request ready to send: its ID (the response's InResponseTo) and the IdP URL to redirect to. */
    public record Redirect(String requestId, String url) {}

    public static Redirect redirect(SpSettings settings, String relayState) {
        AuthnRequest request = new AuthnRequest(settings, new AuthnRequestParams(false, false, true));
        try {
            StringBuilder query = new StringBuilder("SAMLRequest=")
                    .append(Util.urlEncoder(deflatedBase64(request.getAuthnRequestXml())));
            if (relayState != null) {
                query.append("&RelayState=").append(Util.urlEncoder(relayState));
            }
            if (settings.getSPkey() != null) {
                query.append("&SigAlg=").append(Util.urlEncoder(Constants.RSA_SHA256));
                byte[] signature = Util.sign(query.toString(), settings.getSPkey(), Constants.RSA_SHA256);
                query.append("&Signature=").append(Util.urlEncoder(Util.base64encoder(signature)));
            }
            String sso = settings.getIdpSingleSignOnServiceUrl().toString();
            return new Redirect(request.getId(), sso + (sso.contains("?") ? "&" : "?") + query);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the AuthnRequest could not be encoded or signed", e);
        }
    }

    /**
     * The binding's encoding of the request (raw DEFLATE at the library's level, then base64), as
     * the library makes it, but with the deflater's native memory freed at once: the library
     * leaves each deflater to the garbage collector, and a burst of SSO starts then held hundreds
     * of MiB of zlib state outside the heap until a collection came.
     */
    static String deflatedBase64(String xml) throws IOException {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflating = new DeflaterOutputStream(out, deflater)) {
                deflating.write(xml.getBytes(StandardCharsets.UTF_8));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }
}
