package skiff.kubelet.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The Linux bridge Skiff's own configuration list puts the pods on, checked against the node's pod CIDR before a pod
 * is attached. The bridge plugin gives the bridge the CIDR's gateway and fails every pod when the bridge already
 * carries another IPv4 address ("already has an IP address different from ...", containernetworking/plugins
 * plugins/main/bridge/bridge.go ensureAddr): a bridge left by an earlier cluster with another CIDR. One with no
 * interface attached is a leftover, whose stale addresses are removed; one with interfaces attached belongs to a
 * live network, and the pods are refused with a message naming the bridge and the way out.
 */
final class PodBridge {
    private static final Logger LOG = LoggerFactory.getLogger(PodBridge.class);

    private final String name;

    PodBridge(String name) {
        this.name = name;
    }

    /**
     * Makes the bridge fit the pod CIDR: nothing when it does not exist yet or carries no other IPv4 address than
     * the CIDR's gateway; its other addresses removed when no interface is attached to it.
     *
     * @throws CniException when another network's interfaces are attached to a bridge carrying another address
     */
    void fit(String podCidr) {
        // From ip, not /sys/class/net: sysfs shows the namespace it was mounted in, which is not this process's
        // network namespace when an agent runs in one of its own (nsenter --net).
        JsonNode links = Json.parse(IpCommand.run("-j", "link", "show").getBytes(StandardCharsets.UTF_8));
        if (!links.valueStream().anyMatch(link -> name.equals(link.path("ifname").asString("")))) {
            return;
        }
        String gateway = gateway(podCidr);
        List<String> others = addresses().stream().filter(a -> !a.equals(gateway)).toList();
        if (others.isEmpty()) {
            return;
        }
        List<String> ports = links.valueStream().filter(link -> name.equals(link.path("master").asString("")))
                .map(link -> link.path("ifname").asString("")).sorted().toList();
        if (!ports.isEmpty()) {
            throw new CniException("bridge \"" + name + "\" carries " + String.join(", ", others) + ", not "
                    + gateway + " (the gateway of this node's pod CIDR " + podCidr + "), and " + ports.size()
                    + " interface(s) of another pod network are attached to it; delete it (ip link delete " + name
                    + ") or give this node a bridge of its own (--cni-bridge NAME)", 0);
        }
        for (String address : others) {
            IpCommand.run("addr", "del", address, "dev", name);
        }
        LOG.info("bridge {} carried {} from an earlier pod CIDR and no interface: removed, the pod CIDR is now {}",
                name, String.join(", ", others), podCidr);
    }

    /** The first address of the CIDR with its prefix length, as host-local gives the bridge. */
    static String gateway(String podCidr) {
        int slash = podCidr.indexOf('/');
        if (slash < 0) {
            throw new CniException("pod CIDR " + podCidr + " has no prefix length", 0);
        }
        try {
            byte[] network = InetAddress.getByName(podCidr.substring(0, slash)).getAddress();
            byte[] first = new BigInteger(1, network).add(BigInteger.ONE).toByteArray();
            byte[] address = new byte[network.length];
            int copy = Math.min(first.length, address.length);
            System.arraycopy(first, first.length - copy, address, address.length - copy, copy);
            return InetAddress.getByAddress(address).getHostAddress() + podCidr.substring(slash);
        } catch (UnknownHostException e) {
            throw new CniException("pod CIDR " + podCidr + " is not an address range", 0);
        }
    }

    /** The bridge's IPv4 addresses as ADDRESS/PREFIX. */
    private List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        String shown = IpCommand.run("-j", "-4", "addr", "show", "dev", name);
        for (JsonNode link : Json.parse(shown.getBytes(StandardCharsets.UTF_8))) {
            for (JsonNode a : link.path("addr_info")) {
                addresses.add(a.path("local").asString("") + "/" + a.path("prefixlen").asInt());
            }
        }
        return addresses;
    }
}
