package skiff.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.network.CniConfig;
import skiff.server.KubeletOptions;

/**
 * Where the kubelet finds the CNI configuration and plugins, and what it names on the machine (bridge, network
 * namespaces, cgroups, runc's directory), shared by {@code skiff server} and {@code skiff agent}. A second kubelet on
 * one machine (a benchmark's, a test's) gives itself names of its own so that it never touches the first one's.
 */
final class KubeletHostCliOptions {
    @Option(names = "--cni-conf-dir", paramLabel = "DIR",
            description = "Where the CNI network configuration list is (default: DATA/kubelet/cni/net.d, where "
                    + "Skiff writes its own).")
    Path cniConfDir;

    @Option(names = "--cni-bin-dir", split = ",", paramLabel = "DIR",
            description = "Where the CNI plugins are, comma-separated (default: /usr/lib/cni,/opt/cni/bin).")
    List<Path> cniBinDirs = List.of();

    @Option(names = "--cni-bridge", paramLabel = "NAME",
            description = "The Linux bridge pods attach to, with Skiff's own CNI configuration (runc; default: "
                    + "${DEFAULT-VALUE}).")
    String bridge = CniConfig.DEFAULT_BRIDGE;

    @Option(names = "--netns-prefix", paramLabel = "PREFIX",
            description = "The prefix of the pods' network namespaces in /var/run/netns (runc; default: "
                    + "${DEFAULT-VALUE}).")
    String netnsPrefix = CniConfig.DEFAULT_NETNS_PREFIX;

    @Option(names = "--cgroup-root", paramLabel = "NAME",
            description = "The cgroup under which pods' cgroups are laid out as NAME/kubepods (runc; default: "
                    + "${DEFAULT-VALUE}).")
    String cgroupRoot = NodeSettings.DEFAULT_CGROUP_ROOT;

    @Option(names = "--runc-root", paramLabel = "DIR",
            description = "runc's state, the containers' bundles and their monitors' exit files (runc; default: "
                    + "DATA/kubelet/runc).")
    Path runcRoot;

    KubeletOptions applyTo(KubeletOptions kubelet, CommandLine commandLine) {
        try {
            return kubelet.withCni(cniConfDir == null ? null : cniConfDir.toAbsolutePath(),
                    cniBinDirs.stream().map(Path::toAbsolutePath).toList())
                    .withHostNames(new KubeletOptions.HostNames(bridge, netnsPrefix, cgroupRoot,
                            runcRoot == null ? null : runcRoot.toAbsolutePath()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
