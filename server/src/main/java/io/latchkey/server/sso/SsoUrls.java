package io.latchkey.server.sso;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URLs an SSO connection points at (its IdP's endpoints) and those it answers with (its own
 * callback). An IdP endpoint is https; plain http only where the installation allows it (dev
 * mode), so a production connection never sends a code or a secret in clear. Whether its host
 * may be called is {@link io.latchkey.server.outbound.TargetPolicy}'s to say.
 */
final class SsoUrls {
    static final String CALLBACK_PATH = "/v1/b2b/sso/callback/";

    private SsoUrls() {}

    /** Where the IdP sends the browser back for this connection. */
    static String callback(String baseUrl, String connectionId) {
        return baseUrl + CALLBACK_PATH + connectionId;
    }

    /**
     * {@code value} as an IdP endpoint: absolute, https (or http when allowed), a host, no user
     * info or fragment. {@code ""} clears it.
     *
     * @throws ApiException {@code error} naming {@code field}
     */
    static String endpoint(String value, String field, boolean allowHttp, ErrorType error) {
        String v = value.strip();
        if (v.isEmpty()) {
            return "";
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw invalid(field, error);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean schemeOk = scheme.equals("https") || (allowHttp && scheme.equals("http"));
        if (!schemeOk
                || uri.getHost() == null
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null
                || v.length() > 2048) {
            throw invalid(field, error);
        }
        return v;
    }

    private static ApiException invalid(String field, ErrorType error) {
        return new ApiException(
                error, field + " must be an absolute https URL with a host, no user info and no" + " fragment.");
    }
}
