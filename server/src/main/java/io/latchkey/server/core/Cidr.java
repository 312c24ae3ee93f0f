package io.latchkey.server.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP network, {@code address/prefix} ({@code 10.0.0.0/8}, {@code fd00::/8}), or one address.
 * An IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) is the IPv4 address it carries. Immutable.
 *
 * @param network the network's first address (host bits given are cleared)
 * @param prefix how many leading bits name the network
 */
public record Cidr(InetAddress network, int prefix) {
    public Cidr {
        network = unmapped(network);
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("a prefix between 0 and " + bits);
        }
        network = masked(network, prefix);
    }

    /**
     * {@code text} as a network: {@code address/prefix}, or an address alone (a network of one).
     * The host bits must be zero ({@code 10.0.0.5/8} is refused rather than read as 10.0.0.0/8).
     *
     * @throws IllegalArgumentException saying what is wrong, the value quoted
     */
    public static Cidr parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        InetAddress address = IpLiterals.parse(slash < 0 ? t : t.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("'" + t + "' is not an IP address or network (address/prefix)");
        }
        address = unmapped(address);
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("'" + t + "' has no prefix between 0 and " + bits + " after '/'");
            }
            prefix = Integer.parseInt(p);
        }
        Cidr cidr = new Cidr(address, prefix);
        if (!cidr.network.equals(address)) {
            throw new IllegalArgumentException("'" + t + "' has host bits set: the network is " + cidr);
        }
        return cidr;
    }

    /** The network's first address: {@code address} with the bits after the prefix cleared. */
    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code address} lies in this network; an IPv4 address never lies in an IPv6 one. */
    public boolean contains(InetAddress address) {
        byte[] a = unmapped(address).getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int i = 0; i < n.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            int mask = (0xff << (8 - keep)) & 0xff;
            if ((a[i] & mask) != (n[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 address an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) carries; else {@code address}. */
    public static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                return v4(b, 12);
            }
        }
        return address;
    }

    /** The IPv4 address in {@code b[from..from+3]}. */
    public static Inet4Address v4(byte[] b, int from) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
