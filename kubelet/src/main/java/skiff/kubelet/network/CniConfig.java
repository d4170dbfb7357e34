package skiff.kubelet.network;

import java.nio.file.Path;
import java.util.List;

/**
 * How the kubelet attaches pods with the CNI plugins.
 *
 * @param confDir where the network configuration is: Skiff's own {@value CniConflist#FILE}, written there from the
 *     node's pod CIDR, or, for a directory the user names (k/k --cni-conf-dir), the lexicographically first
 *     {@code .conflist} or {@code .conf} in it, as containerd and CRI-O pick it
 * @param ownConf whether Skiff writes the configuration ({@code confDir} is its own) or reads the user's
 * @param binDirs where plugin binaries are looked up, in order ({@code CNI_PATH}; k/k --cni-bin-dir)
 * @param stateDir the per-pod attachment records and host-local's IP allocations
 * @param bridge the Linux bridge pods attach to (at most 15 characters)
 * @param ipMasq whether the bridge plugin masquerades traffic from pods leaving the pod network
 * @param netnsPrefix the prefix of the pods' network namespace names under /var/run/netns
 * @param clusterCidr all nodes' pods' range, to which pod traffic is not masqueraded (pods reach pods without NAT);
 *     null when unknown: only the node's own pod CIDR is
 */
public record CniConfig(Path confDir, boolean ownConf, List<Path> binDirs, Path stateDir, String bridge,
        boolean ipMasq, String netnsPrefix, String clusterCidr) {
    public static final String DEFAULT_BRIDGE = "skiff0";
    public static final String DEFAULT_NETNS_PREFIX = "skiff-";
    public static final List<Path> DEFAULT_BIN_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));
    private static final int MAX_INTERFACE_NAME = 15;

    public CniConfig {
        binDirs = List.copyOf(binDirs);
        // Linux IFNAMSIZ is 16 including the terminating NUL.
        if (bridge.isEmpty() || bridge.length() > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("bridge name \"" + bridge + "\" must be 1 to 15 characters");
        }
    }

    /** The defaults under the kubelet's state directory: {@code ROOT/cni/net.d}, {@code ROOT/cni}, bridge skiff0. */
    public static CniConfig defaults(Path kubeletRoot) {
        Path cni = kubeletRoot.resolve("cni");
        return new CniConfig(cni.resolve("net.d"), true, DEFAULT_BIN_DIRS, cni, DEFAULT_BRIDGE, true, DEFAULT_NETNS_PREFIX,
                null);
    }

    /** The user's configuration directory: its first configuration is used as it is. */
    public CniConfig withConfDir(Path dir) {
        return new CniConfig(dir, false, binDirs, stateDir, bridge, ipMasq, netnsPrefix, clusterCidr);
    }

    public CniConfig withBinDirs(List<Path> dirs) {
        return new CniConfig(confDir, ownConf, dirs, stateDir, bridge, ipMasq, netnsPrefix, clusterCidr);
    }

    public CniConfig withBridge(String name, boolean masquerade) {
        return new CniConfig(confDir, ownConf, binDirs, stateDir, name, masquerade, netnsPrefix, clusterCidr);
    }

    public CniConfig withNetnsPrefix(String prefix) {
        return new CniConfig(confDir, ownConf, binDirs, stateDir, bridge, ipMasq, prefix, clusterCidr);
    }

    public CniConfig withClusterCidr(String cidr) {
        return new CniConfig(confDir, ownConf, binDirs, stateDir, bridge, ipMasq, netnsPrefix, cidr);
    }

    Path ipamDir() {
        return stateDir.resolve("ipam");
    }

    Path attachmentsDir() {
        return stateDir.resolve("pods");
    }
}
