package io.latchkey.server.outbound;

import io.latchkey.server.core.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The addresses this server does not call on behalf of a tenant's settings: its own machine and
 * networks, and what is not a public unicast address. The one list every outbound check uses.
 */
public final class InternalAddresses {
    /**
     * IPv4: "this network" (0/8, with the unspecified address), RFC 1918 (10/8, 172.16/12,
     * 192.168/16), carrier-grade NAT (100.64/10), loopback (127/8), link-local and cloud metadata
     * (169.254/16), IETF protocol assignments (192.0.0/24), benchmarking (198.18/15), multicast
     * (224/4), reserved and broadcast (240/4). IPv6: unspecified, loopback, unique-local (fc00::/7),
     * link-local (fe80::/10), the old site-local (fec0::/10), multicast (ff00::/8).
     */
    static final List<Cidr> RANGES = List.of(
            Cidr.parse("0.0.0.0/8"),
            Cidr.parse("10.0.0.0/8"),
            Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"),
            Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"),
            Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"),
            Cidr.parse("::1/128"),
            Cidr.parse("fc00::/7"),
            Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"),
            Cidr.parse("ff00::/8"));

    /** IPv6 prefixes that carry an IPv4 address a gateway may forward to: NAT64, 6to4, IPv4-compatible. */
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");

    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr V4_COMPATIBLE = Cidr.parse("::/96");

    private InternalAddresses() {}

    /**
     * Whether {@code address} is loopback, private (RFC 1918, CGNAT), link-local, unique-local,
     * multicast, unspecified or reserved, including such an IPv4 address carried in an IPv6 one
     * (IPv4-mapped, NAT64, 6to4, IPv4-compatible).
     */
    public static boolean isInternal(InetAddress address) {
        InetAddress a = Cidr.unmapped(address);
        for (Cidr range : RANGES) {
            if (range.contains(a)) {
                return true;
            }
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            if (NAT64.contains(a) || V4_COMPATIBLE.contains(a)) {
                return isInternal(Cidr.v4(b, 12));
            }
            if (SIX_TO_FOUR.contains(a)) {
                return isInternal(Cidr.v4(b, 2));
            }
        }
        // What the JDK itself knows as local (e.g. an address of an interface of a kind above).
        return a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress();
    }
}
