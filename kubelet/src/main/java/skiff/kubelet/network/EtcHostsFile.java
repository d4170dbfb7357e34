package skiff.kubelet.network;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The {@code /etc/hosts} the kubelet writes for each pod and bind-mounts into its containers (k/k 1.32
 * pkg/kubelet/kubelet_pods.go ensureHostsFile, managedHostsFileContent, nodeHostsFileContent,
 * hostsEntriesFromHostAliases).
 */
public final class EtcHostsFile {
    static final String MANAGED_HEADER = "# Kubernetes-managed hosts file.\n";
    static final String HOST_NETWORK_HEADER = "# Kubernetes-managed hosts file (host network).\n";

    private EtcHostsFile() {}

    /**
     * The file for a pod: with {@code hostNetwork} the node's own hosts file under a header, else the managed file
     * naming the pod's IPs.
     *
     * @param podIps the pod's IPs ({@code status.podIPs}; the node's for a host-network pod)
     * @param nodeHosts the content of the node's {@code /etc/hosts}, used for host-network pods
     */
    public static String forPod(Pod pod, List<String> podIps, String clusterDomain, String nodeHosts) {
        List<HostAlias> aliases = pod.getSpec().getHostAliases();
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return hostNetwork(nodeHosts, aliases);
        }
        PodHostname name = PodHostname.of(pod, clusterDomain);
        return managed(podIps, name.hostname(), name.domain(), aliases);
    }

    /** The managed file: localhost entries, then each pod IP with its names, then the host aliases. */
    public static String managed(List<String> podIps, String hostname, String domain, List<HostAlias> aliases) {
        StringBuilder file = new StringBuilder(MANAGED_HEADER)
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                .append("fe00::0\tip6-localnet\n")
                .append("fe00::0\tip6-mcastprefix\n")
                .append("fe00::1\tip6-allnodes\n")
                .append("fe00::2\tip6-allrouters\n");
        for (String ip : podIps) {
            if (domain.isEmpty()) {
                file.append(ip).append('\t').append(hostname).append('\n');
            } else {
                file.append(ip).append('\t').append(hostname).append('.').append(domain).append('\t')
                        .append(hostname).append('\n');
            }
        }
        return file.append(aliasEntries(aliases)).toString();
    }

    /** A host-network pod's file: the node's hosts file under its own header, then the host aliases. */
    public static String hostNetwork(String nodeHosts, List<HostAlias> aliases) {
        return HOST_NETWORK_HEADER + nodeHosts + aliasEntries(aliases);
    }

    // One line per alias entry, its host names separated by tabs.
    private static String aliasEntries(List<HostAlias> aliases) {
        if (aliases == null || aliases.isEmpty()) {
            return "";
        }
        StringBuilder entries = new StringBuilder("\n# Entries added by HostAliases.\n");
        for (HostAlias alias : aliases) {
            entries.append(alias.getIp()).append('\t')
                    .append(String.join("\t", alias.getHostnames() == null ? List.of() : alias.getHostnames()))
                    .append('\n');
        }
        return entries.toString();
    }
}
