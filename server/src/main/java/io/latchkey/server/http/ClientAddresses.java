package io.latchkey.server.http;

import io.javalin.http.Context;
import io.latchkey.server.core.IpLiterals;
import java.net.InetAddress;
import java.util.Set;

/**
 * Who sent a request, for the per-address rate limits: the socket's remote address, unless that
 * address is a proxy the operator listed as trusted, in which case {@code X-Forwarded-For} is read
 * from the right, skipping trusted proxies, and the first other address is the client. With no
 * trusted proxies (the default) the header is ignored, because any client can write it. Immutable
 * and thread-safe.
 */
public final class ClientAddresses {
    static final String ATTRIBUTE = "latchkey.client_address";

    private final Set<InetAddress> trustedProxies;

    public ClientAddresses(Set<InetAddress> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The client address of this request, as text. */
    String resolve(String remoteAddress, String forwardedFor) {
        if (trustedProxies.isEmpty() || !isTrusted(remoteAddress)) {
            return remoteAddress;
        }
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return remoteAddress;
        }
        String[] hops = forwardedFor.split(",");
        String client = remoteAddress;
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = IpLiterals.parse(hops[i]);
            if (hop == null) {
                // Whatever stands left of a hop that is not an address was written by an untrusted
                // party: the last address a trusted proxy vouched for is the best answer.
                return client;
            }
            client = hop.getHostAddress();
            if (!trustedProxies.contains(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = IpLiterals.parse(address);
        return parsed != null && trustedProxies.contains(parsed);
    }

    /** Remembers the client address of {@code ctx} for {@link ApiRequests#clientAddress}. */
    void assign(Context ctx) {
        ctx.attribute(ATTRIBUTE, resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For")));
    }
}
