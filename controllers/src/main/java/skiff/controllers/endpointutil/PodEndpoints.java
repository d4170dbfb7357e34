package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which pods a Service's endpoints list, and what of them: the rules both endpoint controllers share. */
public final class PodEndpoints {
    private PodEndpoints() {}

    // k/k staging/src/k8s.io/endpointslice/util/controller_utils.go (1.32) ShouldPodBeInEndpoints: never a terminal
    // pod (Succeeded or Failed), never one without an IP, and a terminating one only when asked to include it.
    public static boolean shouldBeInEndpoints(Pod pod, boolean includeTerminating) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return false;
        }
        if (podIps(pod).isEmpty()) {
            return false;
        }
        return includeTerminating || pod.getMetadata().getDeletionTimestamp() == null;
    }

    // k/k endpointslice/util/controller_utils.go ShouldSetHostname: the pod names a hostname and its subdomain is
    // this Service in the same namespace (headless Services of StatefulSets).
    public static boolean shouldSetHostname(Pod pod, Service service) {
        String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
        return hostname != null && !hostname.isEmpty()
                && Objects.equals(pod.getSpec().getSubdomain(), service.getMetadata().getName())
                && Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace());
    }

    /** The pod's IPs, {@code status.podIPs} or, when the server left it empty, {@code status.podIP}. */
    public static List<String> podIps(Pod pod) {
        if (pod.getStatus() == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        if (pod.getStatus().getPodIPs() != null) {
            pod.getStatus().getPodIPs().stream().map(PodIP::getIp).filter(ip -> ip != null && !ip.isEmpty())
                    .forEach(ips::add);
        }
        String podIp = pod.getStatus().getPodIP();
        if (ips.isEmpty() && podIp != null && !podIp.isEmpty()) {
            ips.add(podIp);
        }
        return ips;
    }

    /** Whether an address is written as an IPv6 one (Go utilnet.IsIPv6String for valid IPs). */
    public static boolean isIpv6(String ip) {
        return ip.contains(":");
    }

    /** Whether the Service has no cluster IP ({@code None} or unset): k/k helper.IsServiceIPSet negated. */
    public static boolean isHeadless(Service service) {
        String ip = service.getSpec().getClusterIP();
        return ip == null || ip.isEmpty() || "None".equals(ip);
    }
}
