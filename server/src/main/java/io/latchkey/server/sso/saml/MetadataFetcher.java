package io.latchkey.server.sso.saml;

import io.latchkey.server.core.ApiException;
import io.latchkey.server.core.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches an IdP's metadata for {@code sso.saml.updateByURL} without becoming a way into this
 * server's network: https only, the host must not be (or resolve to) a loopback, private,
 * link-local, unique-local, multicast or unspecified address, no redirects are followed, the
 * answer must come within a few seconds and stay under 256 KiB. An installation that must reach an
 * IdP on its own network (a dev setup) allows plain http and private targets. Thread-safe.
 */
public final class MetadataFetcher {
    public static final int MAX_BYTES = 256 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final boolean allowPrivateTargets;
    private final HttpClient http;

    /** @param allowPrivateTargets plain http and private or loopback hosts allowed (dev mode) */
    public MetadataFetcher(boolean allowPrivateTargets) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The metadata document at {@code url}, after the target is checked. */
    public String fetch(String url) {
        URI uri = checked(url);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(READ_TIMEOUT)
                .header("Accept", "application/samlmetadata+xml, application/xml, text/xml")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unavailable("The metadata URL did not answer in time or could not be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("The metadata URL could not be reached.");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw unavailable("The metadata URL answered HTTP " + response.statusCode() + ", not 200.");
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ApiException(
                        ErrorType.INVALID_IDP_METADATA, "The metadata is larger than " + MAX_BYTES / 1024 + " KiB.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unavailable("The metadata URL did not answer in time.");
        }
    }

    /** {@code url} as a target this server may call, or a refusal saying why not. */
    URI checked(String url) {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw refused("metadata_url is required: an absolute https URL.");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw refused("metadata_url is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowPrivateTargets && scheme.equals("http")))) {
            throw refused("metadata_url must be an https URL.");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw refused("metadata_url must name a host and carry no user info.");
        }
        if (!allowPrivateTargets) {
            InetAddress[] addresses;
            try {
                addresses = InetAddress.getAllByName(uri.getHost());
            } catch (UnknownHostException e) {
                throw unavailable("The metadata URL's host does not resolve.");
            }
            for (InetAddress a : addresses) {
                if (isInternal(a)) {
                    throw refused("metadata_url points at a loopback, private or link-local address, which this"
                            + " server does not call.");
                }
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress a) {
        boolean uniqueLocal = a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
        byte[] b = a.getAddress();
        // 100.64.0.0/10 (carrier-grade NAT) is as internal as the RFC 1918 ranges.
        boolean sharedSpace = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        return a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()
                || uniqueLocal
                || sharedSpace;
    }

    private static ApiException refused(String message) {
        return new ApiException(ErrorType.INVALID_METADATA_URL, message);
    }

    private static ApiException unavailable(String message) {
        return new ApiException(ErrorType.IDP_METADATA_UNAVAILABLE, message);
    }
}
