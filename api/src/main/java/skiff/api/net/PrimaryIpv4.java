package skiff.api.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * This machine's primary IPv4 address, chosen as apimachinery's ChooseHostInterface does (util/net/interface.go,
 * 1.32), which kube-apiserver's default --advertise-address and the kubelet's node IP use: the first global IPv4
 * address of the interface the default route leaves by. Where Kubernetes then gives up, a node without a default
 * route (an isolated lab machine) takes the first global IPv4 address of any interface that is up, in interface
 * order, and only a machine with none at all gets loopback.
 *
 * @param address the chosen address
 * @param source how it was chosen, for the log
 */
public record PrimaryIpv4(InetAddress address, Source source) {
    private static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** How the address was chosen. */
    public enum Source {
        /** The interface of the default route. */
        DEFAULT_ROUTE,
        /** No default route: the first interface with a global IPv4 address. */
        FIRST_GLOBAL_ADDRESS,
        /** No global IPv4 address anywhere: 127.0.0.1, which only this machine reaches. */
        LOOPBACK
    }

    /**
     * One network interface as the choice needs it.
     *
     * @param index the kernel's interface index, the order the fallback walks them in
     * @param addresses its IPv4 addresses, in the kernel's order
     */
    public record Interface(String name, int index, boolean up, List<Inet4Address> addresses) {
        public Interface {
            addresses = List.copyOf(addresses);
        }
    }

    /** The address as text, such as {@code 192.0.2.2}. */
    public String hostAddress() {
        return address.getHostAddress();
    }

    /** This machine's choice, from /proc/net/route and its interfaces. */
    public static PrimaryIpv4 ofThisMachine() {
        List<String> routes;
        try {
            routes = Files.readAllLines(PROC_NET_ROUTE);
        } catch (IOException e) {
            routes = List.of();
        }
        return choose(routes, interfaces());
    }

    /**
     * The choice from the lines of {@code /proc/net/route} (a header line, then interface, destination, gateway, flags,
     * refcnt, use, metric, mask... in hex) and the interfaces.
     */
    public static PrimaryIpv4 choose(List<String> procNetRoute, List<Interface> interfaces) {
        for (String line : procNetRoute.subList(Math.min(1, procNetRoute.size()), procNetRoute.size())) {
            String[] f = line.trim().split("\\s+");
            // Destination 00000000 with mask 00000000: a default route.
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
                Optional<Inet4Address> address = interfaces.stream().filter(i -> i.name().equals(f[0]) && i.up())
                        .flatMap(i -> i.addresses().stream()).filter(PrimaryIpv4::global).findFirst();
                if (address.isPresent()) {
                    return new PrimaryIpv4(address.get(), Source.DEFAULT_ROUTE);
                }
            }
        }
        return interfaces.stream().filter(Interface::up).sorted(Comparator.comparingInt(Interface::index))
                .flatMap(i -> i.addresses().stream()).filter(PrimaryIpv4::global).findFirst()
                .map(a -> new PrimaryIpv4(a, Source.FIRST_GLOBAL_ADDRESS))
                .orElseGet(() -> new PrimaryIpv4(LOOPBACK, Source.LOOPBACK));
    }

    // apimachinery util/net/interface.go (1.32) takes global unicast addresses only: not loopback, link-local,
    // multicast or unspecified.
    private static boolean global(Inet4Address a) {
        return !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress()
                && !a.isAnyLocalAddress();
    }

    private static List<Interface> interfaces() {
        List<Interface> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                List<Inet4Address> v4 = nic.inetAddresses().filter(a -> a instanceof Inet4Address)
                        .map(a -> (Inet4Address) a).toList();
                out.add(new Interface(nic.getName(), nic.getIndex(), nic.isUp(), v4));
            }
        } catch (SocketException e) {
            return out;
        }
        return out;
    }
}
