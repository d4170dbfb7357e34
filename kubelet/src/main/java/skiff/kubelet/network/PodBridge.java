package skiff.kubelet.network;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final String name;
    private final Path sysNet;

    PodBridge(String name) {
        this(name, SYS_NET);
    }

    PodBridge(String name, Path sysNet) {
        this.name = name;
        this.sysNet = sysNet;
    }

    /**
     * Makes the bridge fit the pod CIDR: nothing when it does not exist yet or carries no other IPv4 address than
     * the CIDR's gateway; its other addresses removed when no interface is attached to it.
     *
     * @throws CniException when another network's interfaces are attached to a bridge carrying another address
     */
    void fit(String podCidr) {
        if (!Files.isDirectory(sysNet.resolve(name))) {
            return;
        }
        String gateway = gateway(podCidr);
        List<String> others = addresses().stream().filter(a -> !a.equals(gateway)).toList();
        if (others.isEmpty()) {
            return;
        }
        List<String> ports = ports();
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
        for (JsonNode link : Json.parse(IpCommand.run("-j", "-4", "addr", "show", "dev", name).getBytes(StandardCharsets.UTF_8))) {
            for (JsonNode a : link.path("addr_info")) {
                addresses.add(a.path("local").asString("") + "/" + a.path("prefixlen").asInt());
            }
        }
        return addresses;
    }

    /** The interfaces attached to the bridge. */
    private List<String> ports() {
        Path brif = sysNet.resolve(name).resolve("brif");
        if (!Files.isDirectory(brif)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(brif)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new CniException("cannot list the interfaces of bridge " + name + ": " + e.getMessage(), 0);
        }
    }
}
