package skiff.dns;

import java.net.InetAddress;
import java.util.Optional;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;

/**
 * One thing a cluster name stands for, as CoreDNS' msg.Service: an address or (ExternalName) a host name, a port
 * (-1 for none) and the name SRV records target.
 */
record Found(Name target, String host, int port) {
    static final int NO_PORT = -1;

    /** The host as an address, or empty when it is a name (an ExternalName's CNAME target). */
    Optional<InetAddress> address() {
        if (!Address.isDottedQuad(host) && !host.contains(":")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Address.getByAddress(host));
        } catch (java.net.UnknownHostException e) {
            return Optional.empty();
        }
    }
}
