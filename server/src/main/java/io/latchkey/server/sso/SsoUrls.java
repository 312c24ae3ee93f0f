package io.latchkey.server.sso;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URLs an SSO connection points at (its IdP's endpoints) and those it answers with (its own
 * callback). An IdP endpoint is https; plain http only where the installation allows it (dev
 * mode), so a production connection never sends a code or a secret in clear.
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

    /**
     * Refuses an IdP endpoint whose host is (or resolves to) a loopback, private, link-local or
     * unspecified address: a connection's settings must not become a way to reach this server's
     * own network. (A name that later resolves elsewhere is the IdP's DNS; this stops the plain case.)
     */
    static void requirePublicTarget(URI uri, String field) {
        java.net.InetAddress[] addresses;
        try {
            addresses = java.net.InetAddress.getAllByName(uri.getHost());
        } catch (java.net.UnknownHostException e) {
            throw new ApiException(
                    ErrorType.OIDC_RESPONSE_INVALID, "The connection's " + field + " host does not resolve.");
        }
        for (java.net.InetAddress a : addresses) {
            boolean uniqueLocal = a instanceof java.net.Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
            if (a.isLoopbackAddress()
                    || a.isSiteLocalAddress()
                    || a.isLinkLocalAddress()
                    || a.isAnyLocalAddress()
                    || a.isMulticastAddress()
                    || uniqueLocal) {
                throw new ApiException(
                        ErrorType.OIDC_RESPONSE_INVALID,
                        "The connection's " + field
                                + " points at a private or loopback address, which this server does not call.");
            }
        }
    }

    private static ApiException invalid(String field, ErrorType error) {
        return new ApiException(
                error, field + " must be an absolute https URL with a host, no user info and no" + " fragment.");
    }
}
