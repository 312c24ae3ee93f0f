package io.latchkey.server.outbound;

import io.latchkey.server.outbound.OutboundException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client for calls whose target a tenant's settings name (an IdP's SAML metadata,
 * OIDC token and JWKS endpoints). Every connection goes to an address {@link GuardedResolver}
 * resolved and checked against the {@link TargetPolicy}, and to no other (no second lookup, so
 * no DNS-rebinding window); TLS verifies the certificate against the host name, trusting the JDK's
 * trust store and the operator's own CAs (LATCHKEY_SSO_CA_FILE). https only
 * (http in dev mode), no redirects followed, no cookies kept, a connect timeout, a deadline for
 * the whole call, and a cap on the answer's size. Thread-safe; closed with the server.
 */
public final class OutboundHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundHttp.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_RESPONSE_HEADERS = 16 * 1024;

    /** An answer: its status, its Content-Type ({@code null} when absent) and its body. */
    public record Answer(int status, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final TargetPolicy policy;
    private final HttpClient http;
    /** Guarded by this: the client starts on the first call, and never after {@link #close}. */
    private boolean started;

    private boolean closed;

    /** A client that trusts the JDK's trust store. */
    public OutboundHttp(TargetPolicy policy) {
        this(policy, List.of());
    }

    /**
     * A client that trusts the JDK's trust store and {@code extraCas} (LATCHKEY_SSO_CA_FILE): an
     * IdP whose certificate comes from the installation's own CA.
     */
    public OutboundHttp(TargetPolicy policy, List<X509Certificate> extraCas) {
        this.policy = policy;
        QueuedThreadPool threads = new QueuedThreadPool(16, 1, 60_000);
        threads.setName("outbound-http");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        SslContextFactory.Client tls = new SslContextFactory.Client();
        // The certificate must name the host of the URL, whatever address the connection went to.
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        if (!extraCas.isEmpty()) {
            tls.setTrustStore(TrustAnchors.withDefaults(extraCas));
        }
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setSslContextFactory(tls);
        connector.setExecutor(threads);
        this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
        http.setExecutor(threads);
        http.setSocketAddressResolver(new GuardedResolver(policy, InetAddress::getAllByName, threads));
        http.setFollowRedirects(false);
        http.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        http.setIdleTimeout(30_000);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Latchkey"));
        http.setMaxResponseHeadersSize(MAX_RESPONSE_HEADERS);
        http.setMaxConnectionsPerDestination(32);
        http.setMaxRequestsQueuedPerDestination(256);
        http.setDestinationIdleTimeout(60_000);
    }

    /**
     * Starts the client on the first call rather than with the server: starting it loads the
     * JDK's trust store and TLS context, a tenth of a start's CPU before the port opened, for
     * calls most installations make rarely or never (SSO only).
     */
    private synchronized HttpClient client() throws OutboundException {
        if (closed) {
            throw new OutboundException(Reason.UNREACHABLE, "the server is stopping");
        }
        if (!started) {
            try {
                http.start();
            } catch (Exception e) {
                throw new IllegalStateException("the outbound HTTP client did not start", e);
            }
            started = true;
        }
        return http;
    }

    public TargetPolicy policy() {
        return policy;
    }

    /** {@code GET url}: its answer, whatever the status, when it is at most {@code maxBytes}. */
    public Answer get(String url, String accept, int maxBytes, Duration deadline) throws OutboundException {
        Request request = client().newRequest(checked(url)).method(HttpMethod.GET);
        request.headers(h -> h.put(HttpHeader.ACCEPT, accept));
        return send(request, maxBytes, deadline);
    }

    /**
     * {@code POST url} with {@code headers} (Content-Type among them) and {@code body}: its answer,
     * whatever the status, when it is at most {@code maxBytes}.
     */
    public Answer post(String url, Map<String, List<String>> headers, String body, int maxBytes, Duration deadline)
            throws OutboundException {
        Request request = client().newRequest(checked(url)).method(HttpMethod.POST);
        String contentType = "application/x-www-form-urlencoded";
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType =
                        h.getValue().isEmpty() ? contentType : h.getValue().get(0);
                continue;
            }
            for (String v : h.getValue()) {
                request.headers(m -> m.add(h.getKey(), v));
            }
        }
        request.body(new StringRequestContent(contentType, body, StandardCharsets.UTF_8));
        return send(request, maxBytes, deadline);
    }

    /** {@code url} as a target: absolute, a scheme the policy allows, a host, no user info. */
    private URI checked(String url) throws OutboundException {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new OutboundException(Reason.BAD_URL, "not a valid URL");
        }
        if (!policy.permitsScheme(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new OutboundException(Reason.BAD_URL, "not an https URL with a host and no user info");
        }
        return uri;
    }

    private Answer send(Request request, int maxBytes, Duration deadline) throws OutboundException {
        request.followRedirects(false).timeout(deadline.toMillis(), TimeUnit.MILLISECONDS);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            response = listener.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(request, e.getCause());
        } catch (TimeoutException e) {
            request.abort(e);
            throw new OutboundException(Reason.UNREACHABLE, "no answer in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.abort(e);
            throw new OutboundException(Reason.UNREACHABLE, "interrupted");
        }
        try (InputStream in = listener.getInputStream()) {
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            byte[] body = declared > maxBytes ? new byte[maxBytes + 1] : in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                request.abort(new IOException("answer too large"));
                throw new OutboundException(Reason.TOO_LARGE, "the answer is larger than " + maxBytes + " bytes");
            }
            return new Answer(response.getStatus(), response.getHeaders().get(HttpHeader.CONTENT_TYPE), body);
        } catch (IOException e) {
            throw failure(request, e);
        }
    }

    private static OutboundException failure(Request request, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                // The operator's to fix (LATCHKEY_SSO_CA_FILE, or the IdP's certificate): say so in
                // the log, with the JDK's reason and the host; the caller answers "unreachable".
                LOG.warn(
                        "TLS with the identity provider at {}:{} failed: {}",
                        request.getHost(),
                        request.getPort(),
                        t.getMessage());
                return new OutboundException(
                        Reason.UNREACHABLE, "TLS failed: a certificate this server does not trust or for another host");
            }
            if (t instanceof RefusedTargetException) {
                return new OutboundException(Reason.REFUSED_TARGET, t.getMessage());
            }
            if (t instanceof UnknownHostException) {
                return new OutboundException(Reason.UNRESOLVED, "the host does not resolve");
            }
        }
        return new OutboundException(Reason.UNREACHABLE, "could not be reached or broke off");
    }

    @Override
    public synchronized void close() {
        closed = true;
        try {
            http.stop();
        } catch (Exception e) {
            // Stopping drops connections; nothing is left to release.
        }
    }
}
