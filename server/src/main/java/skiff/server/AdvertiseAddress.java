package skiff.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The address the API server tells in-cluster clients to reach it at (the {@code kubernetes} Service's endpoint), as
 * kube-apiserver's default --advertise-address is chosen (apimachinery util/net ResolveBindAddress and
 * ChooseHostInterface, 1.32), which is also what k3s advertises: the bind address when it names one non-loopback
 * address, else the IPv4 address of the interface the default route leaves by; 127.0.0.1 on a machine without one.
 */
final class AdvertiseAddress {
    private static final Path ROUTES = Path.of("/proc/net/route");

    private AdvertiseAddress() {}

    static String choose(String bindAddress) {
        try {
            InetAddress bind = InetAddress.getByName(bindAddress);
            if (!bind.isAnyLocalAddress() && !bind.isLoopbackAddress()) {
                return bind.getHostAddress();
            }
        } catch (IOException e) {
            // A host name that does not resolve: fall back to the default route's interface.
        }
        return defaultRouteAddress().orElse("127.0.0.1");
    }

    private static Optional<String> defaultRouteAddress() {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROUTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            // Destination 00000000 with mask 00000000: the default route.
            if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                Optional<String> address = ipv4Of(fields[0]);
                if (address.isPresent()) {
                    return address;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipv4Of(String interfaceName) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(interfaceName);
            if (nic == null || !nic.isUp()) {
                return Optional.empty();
            }
            return nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                    .map(InetAddress::getHostAddress).findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
