package skiff.api.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.net.PrimaryIpv4.Interface;
import skiff.api.net.PrimaryIpv4.Source;

/** The node's primary IPv4 address, with and without a default route. */
class PrimaryIpv4Test {
    private static final String HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT";
    private static final Interface LO = nic("lo", 1, true, "127.0.0.1");
    private static final Interface ETH0 = nic("eth0", 2, true, "169.254.3.4", "192.0.2.2");
    private static final Interface ETH1 = nic("eth1", 3, true, "198.51.100.7");

    private static Interface nic(String name, int index, boolean up, String... addresses) {
        return new Interface(name, index, up, Arrays.stream(addresses).map(PrimaryIpv4Test::v4).toList());
    }

    private static Inet4Address v4(String literal) {
        try {
            return (Inet4Address) InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String route(String nic, String destination, String mask) {
        return nic + "\t" + destination + "\t0100000A\t0003\t0\t0\t0\t" + mask + "\t0\t0\t0";
    }

    @Test
    void theDefaultRoutesInterfaceWinsAndItsLinkLocalAddressIsSkipped() {
        List<String> routes = List.of(HEADER, route("eth1", "006433C6", "00FFFFFF"),
                route("eth0", "00000000", "00000000"));

        PrimaryIpv4 chosen = PrimaryIpv4.choose(routes, List.of(LO, ETH1, ETH0));

        assertThat(chosen.hostAddress()).isEqualTo("192.0.2.2");
        assertThat(chosen.source()).isEqualTo(Source.DEFAULT_ROUTE);
    }

    @Test
    void withoutADefaultRouteTheFirstGlobalAddressInInterfaceOrder() {
        List<String> routes = List.of(HEADER, route("eth1", "006433C6", "00FFFFFF"));

        PrimaryIpv4 chosen = PrimaryIpv4.choose(routes, List.of(ETH1, LO, ETH0));

        assertThat(chosen.hostAddress()).isEqualTo("192.0.2.2");
        assertThat(chosen.source()).isEqualTo(Source.FIRST_GLOBAL_ADDRESS);
    }

    @Test
    void aDefaultRouteOnAnInterfaceThatIsDownOrHasNoGlobalAddressFallsBack() {
        List<String> routes = List.of(HEADER, route("eth0", "00000000", "00000000"));
        Interface eth0Down = nic("eth0", 2, false, "192.0.2.2");

        assertThat(PrimaryIpv4.choose(routes, List.of(LO, eth0Down, ETH1)))
                .isEqualTo(new PrimaryIpv4(v4("198.51.100.7"), Source.FIRST_GLOBAL_ADDRESS));
        assertThat(PrimaryIpv4.choose(routes, List.of(LO, nic("eth0", 2, true, "169.254.3.4"))).source())
                .isEqualTo(Source.LOOPBACK);
    }

    @Test
    void onlyLoopbackOrNoRouteTableAtAllGivesLoopback() {
        PrimaryIpv4 chosen = PrimaryIpv4.choose(List.of(), List.of(LO));

        assertThat(chosen.hostAddress()).isEqualTo("127.0.0.1");
        assertThat(chosen.source()).isEqualTo(Source.LOOPBACK);
    }

    @Test
    void thisMachineHasAnAnswer() {
        PrimaryIpv4 chosen = PrimaryIpv4.ofThisMachine();

        assertThat(chosen.address()).isInstanceOf(Inet4Address.class);
        assertThat(chosen.source() == Source.LOOPBACK).isEqualTo(chosen.address().isLoopbackAddress());
    }
}
