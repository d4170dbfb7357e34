package skiff.kubelet.runtime;

import io.fabric8.kubernetes.api.model.HostAlias;
import java.util.List;

/**
 * What a sandbox's {@code /etc/hosts} and {@code /etc/resolv.conf} are made of (CRI PodSandboxConfig dns_config,
 * hostname and the kubelet's hosts file inputs, k/k 1.32 pkg/kubelet/kubelet_pods.go makeHostsMount).
 *
 * @param domain the pod's domain ({@code SUBDOMAIN.NAMESPACE.svc.CLUSTER_DOMAIN}), empty without a subdomain
 * @param hostAliases the pod's {@code spec.hostAliases}
 * @param resolvConf the pod's resolv.conf content; null to copy the node's (runtimes without cluster DNS)
 */
public record SandboxDns(String domain, List<HostAlias> hostAliases, String resolvConf) {
    public SandboxDns {
        hostAliases = hostAliases == null ? List.of() : List.copyOf(hostAliases);
    }

    /** No domain, no aliases, the node's resolv.conf. */
    public static SandboxDns host() {
        return new SandboxDns("", List.of(), null);
    }
}
