package skiff.server;

import java.util.function.Supplier;
import skiff.kubelet.KubeletConfig;

/**
 * The node IP a kubelet listens on and registers as its Node's InternalIP when none is given: with runc, pods live
 * in their own network namespaces, where 127.0.0.1 is the pod itself, so the node takes this machine's primary IPv4
 * address, as k3s does (k3s pkg/util GetHostnameAndIPs: without --node-ip, the default route interface's address);
 * the process runtime's pods are host processes, for which 127.0.0.1 is the node.
 */
final class NodeIp {
    private NodeIp() {}

    /**
     * @param given the --node-ip flag, null when not given
     * @param runc whether the kubelet runs the runc runtime
     * @param primary this machine's primary IPv4 address (see {@link skiff.api.net.PrimaryIpv4})
     */
    static String choose(String given, boolean runc, Supplier<String> primary) {
        if (given != null) {
            return given;
        }
        return runc ? primary.get() : KubeletConfig.DEFAULT_NODE_IP;
    }
}
