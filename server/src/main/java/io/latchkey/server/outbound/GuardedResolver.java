package io.latchkey.server.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The HTTP client's only way from a host name to addresses: the name is resolved once, every
 * address checked against the {@link TargetPolicy}, and only those checked addresses are handed
 * to the connector. Nothing resolves the name a second time, so a name that answers a public
 * address to a check and a private one to the connection (DNS rebinding) cannot get through. A
 * name with any address refused is refused whole. Thread-safe.
 */
final class GuardedResolver implements SocketAddressResolver {
    /** A name is looked up by the system resolver, or another source of addresses. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private final TargetPolicy policy;
    private final Lookup lookup;
    private final Executor executor;

    /**
     * @param lookup the system resolver ({@code InetAddress::getAllByName}) in the server
     * @param executor where lookups run, off the selector threads (they block)
     */
    GuardedResolver(TargetPolicy policy, Lookup lookup, Executor executor) {
        this.policy = policy;
        this.lookup = lookup;
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            List<InetSocketAddress> checked;
            try {
                checked = checked(host, port);
            } catch (RuntimeException | IOException e) {
                promise.failed(e);
                return;
            }
            promise.succeeded(checked);
        });
    }

    /**
     * The addresses of {@code host} the connection may use, each as resolved and checked.
     *
     * @throws RefusedTargetException when any address is not permitted
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetSocketAddress> checked(String host, int port) throws IOException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = lookup.all(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(name);
        }
        List<InetSocketAddress> out = new ArrayList<>(addresses.length);
        for (InetAddress a : addresses) {
            if (!policy.permits(a)) {
                throw new RefusedTargetException();
            }
            // The address itself, never the name: the socket connects to what was checked.
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }
}
