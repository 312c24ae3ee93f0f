package io.latchkey.server.sso.saml;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import io.latchkey.server.outbound.OutboundException;
import io.latchkey.server.outbound.OutboundHttp;
import java.time.Duration;

/**
 * Fetches an IdP's metadata for {@code sso.saml.updateByURL} through {@link OutboundHttp}, so it
 * cannot become a way into this server's network: https only, the host must not be (or resolve
 * to) an internal address unless the operator allowed its network, the connection goes to the
 * address checked, no redirects, 3 s to connect, 5 s for the whole answer, at most 256 KiB.
 * Thread-safe.
 */
public final class MetadataFetcher {
    public static final int MAX_BYTES = 256 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String ACCEPT = "application/samlmetadata+xml, application/xml, text/xml";

    private final OutboundHttp http;

    public MetadataFetcher(OutboundHttp http) {
        this.http = http;
    }

    /** The metadata document at {@code url}, after the target is checked. */
    public String fetch(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw refused("metadata_url is required: an absolute https URL.");
        }
        OutboundHttp.Answer answer;
        try {
            answer = http.get(url, ACCEPT, MAX_BYTES, DEADLINE);
        } catch (OutboundException e) {
            throw switch (e.reason()) {
                case BAD_URL -> refused("metadata_url must be an absolute https URL with a host and no user info.");
                case REFUSED_TARGET ->
                    refused("metadata_url points at a loopback, private or link-local address, which this"
                            + " server does not call.");
                case UNRESOLVED -> unavailable("The metadata URL's host does not resolve.");
                case TOO_LARGE ->
                    new ApiException(
                            ErrorType.INVALID_IDP_METADATA,
                            "The metadata is larger than " + MAX_BYTES / 1024 + " KiB.");
                case UNREACHABLE -> unavailable("The metadata URL did not answer in time or could not be reached.");
            };
        }
        if (answer.status() != 200) {
            throw unavailable("The metadata URL answered HTTP " + answer.status() + ", not 200.");
        }
        return answer.text();
    }

    private static ApiException refused(String message) {
        return new ApiException(ErrorType.INVALID_METADATA_URL, message);
    }

    private static ApiException unavailable(String message) {
        return new ApiException(ErrorType.IDP_METADATA_UNAVAILABLE, message);
    }
}
