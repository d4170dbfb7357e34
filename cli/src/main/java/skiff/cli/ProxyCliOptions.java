package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.proxy.ProxyNetworks;
import skiff.server.ProxyOptions;

/** The service proxy's options, shared by {@code skiff server} and {@code skiff agent} (kube-proxy's flags). */
final class ProxyCliOptions {
    @Option(names = "--proxy-mode", paramLabel = "MODE", description = "Service proxy: auto (default: nftables when "
            + "running as root with nft, else none), nftables or none.")
    String mode = "auto";

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", description = "The pods' address range (default: "
            + "${DEFAULT-VALUE}); ClusterIP traffic from outside it is masqueraded.")
    String clusterCidr = ProxyOptions.DEFAULT_CLUSTER_CIDR;

    @Option(names = "--service-cidr", paramLabel = "CIDR", description = "The ClusterIPs' range (default: "
            + "${DEFAULT-VALUE}), routed locally on every node.")
    String serviceCidr = ProxyOptions.DEFAULT_SERVICE_CIDR;

    ProxyOptions toOptions(CommandLine commandLine) {
        try {
            ProxyNetworks networks = new ProxyNetworks(clusterCidr, serviceCidr);
            return new ProxyOptions(ProxyMode.parse(mode), networks.clusterCidr(), networks.serviceCidr());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
