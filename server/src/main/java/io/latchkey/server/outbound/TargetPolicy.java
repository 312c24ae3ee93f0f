package io.latchkey.server.outbound;

import io.latchkey.server.core.Cidr;
import io.latchkey.server.core.IpLiterals;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which targets this server calls when a tenant's settings name them (an IdP's metadata, token
 * and JWKS endpoints): a public address, or a private one inside a network the operator allowed
 * ({@code LATCHKEY_SSO_ALLOWED_PRIVATE_NETWORKS}); https only. Dev mode allows every address and
 * plain http. Immutable.
 *
 * @param devMode every address and plain http allowed (start-dev)
 * @param allowedPrivateNetworks internal networks allowed all the same
 */
public record TargetPolicy(boolean devMode, List<Cidr> allowedPrivateNetworks) {
    public TargetPolicy {
        allowedPrivateNetworks = List.copyOf(allowedPrivateNetworks);
    }

    /** Production's policy: public https targets only. */
    public static TargetPolicy publicOnly() {
        return new TargetPolicy(false, List.of());
    }

    /** Whether this server may connect to {@code address}. */
    public boolean permits(InetAddress address) {
        if (devMode || !InternalAddresses.isInternal(address)) {
            return true;
        }
        for (Cidr allowed : allowedPrivateNetworks) {
            if (allowed.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code scheme} may be used: https, or http in dev mode. */
    public boolean permitsScheme(String scheme) {
        String s = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        return s.equals("https") || (devMode && s.equals("http"));
    }

    /** What a check of a configured URL's host found. */
    public enum HostCheck {
        /** A permitted literal, or a name whose every address is permitted. */
        PERMITTED,
        /** A name that does not resolve (yet): accepted now, checked again at every call. */
        UNRESOLVED,
        /** A literal or a name (one of whose addresses is) not permitted. */
        REFUSED
    }

    /**
     * Checks the host of an IdP URL when it is configured. A literal address is judged as it is;
     * a name is resolved once. The calls themselves check again ({@link GuardedResolver}).
     */
    public HostCheck checkHost(String url) {
        if (devMode) {
            return HostCheck.PERMITTED;
        }
        String host;
        try {
            host = new URI(url).getHost();
        } catch (URISyntaxException e) {
            return HostCheck.REFUSED;
        }
        if (host == null) {
            return HostCheck.REFUSED;
        }
        InetAddress literal = IpLiterals.parse(host);
        if (literal != null) {
            return permits(literal) ? HostCheck.PERMITTED : HostCheck.REFUSED;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException | SecurityException e) {
            return HostCheck.UNRESOLVED;
        }
        for (InetAddress a : addresses) {
            if (!permits(a)) {
                return HostCheck.REFUSED;
            }
        }
        return HostCheck.PERMITTED;
    }
}
