package io.latchkey.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latchkey.server.core.Cidr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Promise;
import org.junit.jupiter.api.Test;

/**
 * The resolver the outbound client connects through, with the answers a DNS server would give (real
 * InetAddress values, no network): what it hands the connector is exactly what it checked, from one
 * lookup, so a name that changes its answer between a check and a connection (DNS rebinding) finds
 * no second lookup to change; and the list of internal addresses, with IPv4 carried in IPv6.
 */
class GuardedResolverTest {
    static InetAddress address(String name, int... bytes) throws UnknownHostException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return InetAddress.getByAddress(name, b);
    }

    /** A DNS server that answers each lookup with the next of {@code answers}, counting lookups. */
    static final class RebindingDns implements GuardedResolver.Lookup {
        final List<InetAddress[]> answers;
        final AtomicInteger lookups = new AtomicInteger();

        RebindingDns(InetAddress[]... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public InetAddress[] all(String host) {
            int i = lookups.getAndIncrement();
            return answers.get(Math.min(i, answers.size() - 1));
        }
    }

    @Test
    void theConnectorGetsTheAddressesOfTheOneLookupThatWasChecked() throws Exception {
        InetAddress publicAnswer = address("rebind.example", 93, 184, 216, 34);
        InetAddress privateAnswer = address("rebind.example", 127, 0, 0, 1);
        RebindingDns dns = new RebindingDns(new InetAddress[] {publicAnswer}, new InetAddress[] {privateAnswer});
        GuardedResolver resolver = new GuardedResolver(TargetPolicy.publicOnly(), dns, Runnable::run);

        List<InetSocketAddress> first = resolve(resolver, "rebind.example", 443);
        assertThat(first).extracting(InetSocketAddress::getAddress).containsExactly(publicAnswer);
        assertThat(first).allSatisfy(a -> assertThat(a.isUnresolved()).isFalse());
        assertThat(dns.lookups).hasValue(1);

        // The name now answers loopback: the next connection's lookup is refused, not used.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        resolver.resolve("rebind.example", 443, Map.of(), Promise.from(ok -> {}, failure::set));
        assertThat(failure.get()).isInstanceOf(RefusedTargetException.class);
        assertThat(dns.lookups).hasValue(2);
    }

    @Test
    void aNameWithOneInternalAddressAmongPublicOnesIsRefusedWhole() throws Exception {
        GuardedResolver resolver = new GuardedResolver(
                TargetPolicy.publicOnly(),
                new RebindingDns(new InetAddress[] {
                    address("mixed.example", 93, 184, 216, 34), address("mixed.example", 10, 0, 0, 7)
                }),
                Runnable::run);
        assertThatThrownBy(() -> resolver.checked("mixed.example", 443)).isInstanceOf(RefusedTargetException.class);
    }

    @Test
    void anAllowedNetworkLetsItsAddressesThroughAndNoOthers() throws Exception {
        TargetPolicy policy = new TargetPolicy(false, List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("fd12::/16")));
        GuardedResolver inside = new GuardedResolver(
                policy,
                new RebindingDns(
                        new InetAddress[] {address("kc.internal", 10, 1, 2, 3), InetAddress.getByName("fd12::5")}),
                Runnable::run);
        assertThat(inside.checked("kc.internal", 8443)).hasSize(2);
        GuardedResolver outside = new GuardedResolver(
                policy, new RebindingDns(new InetAddress[] {address("kc.internal", 10, 2, 0, 1)}), Runnable::run);
        assertThatThrownBy(() -> outside.checked("kc.internal", 8443)).isInstanceOf(RefusedTargetException.class);
        // Dev mode calls anything.
        GuardedResolver dev = new GuardedResolver(
                new TargetPolicy(true, List.of()),
                new RebindingDns(new InetAddress[] {address("localhost", 127, 0, 0, 1)}),
                Runnable::run);
        assertThat(dev.checked("localhost", 80)).hasSize(1);
    }

    @Test
    void aNameWithoutAddressesDoesNotResolve() {
        GuardedResolver resolver =
                new GuardedResolver(TargetPolicy.publicOnly(), new RebindingDns(new InetAddress[0]), Runnable::run);
        assertThatThrownBy(() -> resolver.checked("nothing.example", 443)).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void internalAddressesIncludeIpv4CarriedInIpv6() throws Exception {
        List<String> internal = List.of(
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "127.0.0.1",
                "127.255.255.254",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.0.0.8",
                "192.168.0.1",
                "198.18.0.1",
                "224.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fc00::1",
                "fd00::1",
                "fe80::1",
                "fec0::1",
                "ff02::1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "::7f00:1");
        for (String a : internal) {
            assertThat(InternalAddresses.isInternal(InetAddress.getByName(a)))
                    .as(a)
                    .isTrue();
        }
        // An IPv4-mapped address kept as IPv6 (as a resolver may hand it over) is its IPv4 address.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertThat(InternalAddresses.isInternal(Inet6Address.getByAddress(null, mapped, -1)))
                .isTrue();
        List<String> external = List.of(
                "1.1.1.1",
                "8.8.8.8",
                "100.63.255.255",
                "100.128.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "192.169.0.1",
                "2606:4700:4700::1111",
                "64:ff9b::808:808",
                "2002:808:808::1");
        for (String a : external) {
            assertThat(InternalAddresses.isInternal(InetAddress.getByName(a)))
                    .as(a)
                    .isFalse();
        }
    }

    @Test
    void networksAreParsedStrictly() throws Exception {
        Cidr net = Cidr.parse("10.1.0.0/16");
        assertThat(net.contains(InetAddress.getByName("10.1.255.7"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(net.contains(InetAddress.getByName("::ffff:10.1.0.9"))).isTrue();
        assertThat(net.contains(InetAddress.getByName("fd00::1"))).isFalse();
        assertThat(Cidr.parse("192.168.7.9").contains(InetAddress.getByName("192.168.7.9")))
                .isTrue();
        assertThat(Cidr.parse("192.168.7.9").contains(InetAddress.getByName("192.168.7.10")))
                .isFalse();
        assertThat(Cidr.parse("fd12:3456::/32").contains(InetAddress.getByName("fd12:3456:ffff::1")))
                .isTrue();
        assertThat(Cidr.parse(" 172.16.0.0/12 ").toString()).isEqualTo("172.16.0.0/12");
        List<String> refused = new ArrayList<>(
                List.of("10.0.0.5/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "kc.internal", "", "fd00::/129"));
        for (String bad : refused) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<InetSocketAddress> resolve(GuardedResolver resolver, String host, int port) {
        AtomicReference<List<InetSocketAddress>> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        resolver.resolve(host, port, Map.of(), Promise.from(result::set, failure::set));
        assertThat(failure.get()).isNull();
        return result.get();
    }
}
