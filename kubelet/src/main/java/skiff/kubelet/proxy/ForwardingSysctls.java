package skiff.kubelet.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel settings Service traffic needs on a node, set when they are off and logged: {@code net.ipv4.ip_forward}
 * (DNATed traffic to another pod or node is forwarded) and {@code net.bridge.bridge-nf-call-iptables} (a reply from a
 * pod to a pod on the same bridge must pass conntrack to be un-DNATed; kube-proxy requires br_netfilter for this,
 * k/k pkg/proxy/nftables/proxier.go NewProxier, 1.32). Without br_netfilter (no modprobe here) only a warning is
 * possible.
 */
final class ForwardingSysctls {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardingSysctls.class);

    private ForwardingSysctls() {
    }

    static void ensure(HostCommand host) {
        enable(host, "net.ipv4.ip_forward", "traffic DNATed to pods is forwarded");
        if (!enable(host, "net.bridge.bridge-nf-call-iptables",
                "replies between pods on one bridge pass conntrack")) {
            LOG.warn("proxy: net.bridge.bridge-nf-call-iptables is not available (br_netfilter is not loaded):"
                    + " a pod reaching a pod on the same bridge through a ClusterIP may get its reply from the"
                    + " wrong address");
        }
    }

    /** Sets {@code key} to 1 unless it is; false when the setting does not exist. */
    private static boolean enable(HostCommand host, String key, String why) {
        String value;
        try {
            value = host.run(null, "sysctl", "-n", key).strip();
        } catch (HostCommand.CommandException e) {
            return false;
        }
        if (!"1".equals(value)) {
            host.run(null, "sysctl", "-q", "-w", key + "=1");
            LOG.info("proxy: set {}=1 (was {}) so that {}", key, value, why);
        }
        return true;
    }
}
