package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * One host port a pod's container asks for. k/k pkg/scheduler/framework/types.go HostPortInfo: an empty host IP
 * means 0.0.0.0 and an empty protocol TCP; 0.0.0.0 conflicts with every address on the same protocol and port.
 */
public record HostPort(String ip, String protocol, int port) {
    private static final String ANY = "0.0.0.0";

    public HostPort {
        ip = ip == null || ip.isEmpty() ? ANY : ip;
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
    }

    public boolean conflictsWith(HostPort other) {
        return port == other.port && protocol.equals(other.protocol)
                && (ip.equals(ANY) || other.ip.equals(ANY) || ip.equals(other.ip));
    }

    /** The host ports of a pod's app and init containers; ports without a hostPort take none. */
    public static List<HostPort> of(Pod pod) {
        List<HostPort> ports = new ArrayList<>();
        var containers = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            containers.addAll(pod.getSpec().getInitContainers());
        }
        for (var c : containers) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new HostPort(p.getHostIP(), p.getProtocol(), p.getHostPort()));
                }
            }
        }
        return ports;
    }
}
