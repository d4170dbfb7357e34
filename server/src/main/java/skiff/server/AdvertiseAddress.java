package skiff.server;

import java.io.IOException;
import java.net.InetAddress;
import skiff.api.net.PrimaryIpv4;

/**
 * The address the API server tells in-cluster clients to reach it at (the {@code kubernetes} Service's endpoint), as
 * kube-apiserver's default --advertise-address is chosen (apimachinery util/net ResolveBindAddress and
 * ChooseHostInterface, 1.32), which is also what k3s advertises: the bind address when it names one non-loopback
 * address, else this machine's primary IPv4 address ({@link PrimaryIpv4}: the default route's interface, else the
 * first global address, else 127.0.0.1).
 */
final class AdvertiseAddress {
    private AdvertiseAddress() {}

    static String choose(String bindAddress) {
        try {
            InetAddress bind = InetAddress.getByName(bindAddress);
            if (!bind.isAnyLocalAddress() && !bind.isLoopbackAddress()) {
                return bind.getHostAddress();
            }
        } catch (IOException e) {
            // A host name that does not resolve: fall back to the primary address.
        }
        return PrimaryIpv4.ofThisMachine().hostAddress();
    }
}
