package skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.kubelet.proxy.NftRenderer;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.proxy.ProxyNetworks;
import skiff.server.ProxyOptions;

/**
 * The service proxy's mode and table, shared by {@code skiff server} and {@code skiff agent} (kube-proxy's --proxy-mode). The
 * networks it needs come from the command's own --cluster-cidr and --service-cidr.
 */
final class ProxyCliOptions {
    @Option(names = "--proxy-mode", paramLabel = "MODE", description = "Service proxy: auto (default: nftables when "
            + "running as root with nft, else none), nftables or none.")
    String mode = "auto";

    @Option(names = "--proxy-table", paramLabel = "NAME", description = "The service proxy's own nftables table, "
            + "ip NAME (default: ${DEFAULT-VALUE}); give each Skiff on one machine its own.")
    String table = NftRenderer.DEFAULT_TABLE;

    ProxyOptions toOptions(CommandLine commandLine, String clusterCidr, String serviceCidr) {
        try {
            ProxyNetworks networks = new ProxyNetworks(clusterCidr, serviceCidr);
            return new ProxyOptions(ProxyMode.parse(mode), networks.clusterCidr(), networks.serviceCidr(), table);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
