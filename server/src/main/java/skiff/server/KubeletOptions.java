package skiff.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import skiff.image.registry.RegistryConfig;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.network.CniConfig;

/**
 * Whether and how the server runs a kubelet for this machine.
 *
 * @param nodeName null for the machine's host name
 * @param runtime which container runtime runs the pods
 * @param podManifestPath the directory of static pod manifests, null for none
 * @param port the kubelet's HTTPS port for logs and exec (10250; 0 picks a free one)
 * @param cniConfDir where the CNI configuration list is (--cni-conf-dir), null for {@code KUBELET_ROOT/cni/net.d}
 * @param cniBinDirs where the CNI plugins are (--cni-bin-dir), empty for /usr/lib/cni then /opt/cni/bin
 * @param proxy the service proxy started next to the kubelet
 * @param registries how the kubelet pulls images (--insecure-registry, --registry-ca, --registry-config)
 * @param host the names of what the runc runtime creates on the machine
 * @param nodeIp the address the kubelet listens on and the Node's InternalIP (--node-ip); null for the choice by
 *     runtime ({@link NodeIp})
 */
public record KubeletOptions(boolean enabled, String nodeName, RuntimeKind runtime, Path podManifestPath, int port,
        Path cniConfDir, List<Path> cniBinDirs, ProxyOptions proxy, RegistryConfig registries,
        HostNames host, String nodeIp) {

    public KubeletOptions {
        cniBinDirs = List.copyOf(cniBinDirs);
    }

    public KubeletOptions(boolean enabled, String nodeName, RuntimeKind runtime, Path podManifestPath, int port) {
        this(enabled, nodeName, runtime, podManifestPath, port, null, List.of(), ProxyOptions.none(),
                RegistryConfig.empty(), HostNames.defaults(), null);
    }

    /**
     * What the runc runtime names on the machine, which two kubelets on one machine (a benchmark's or a test's beside
     * a developer's {@code skiff server}) must not share.
     *
     * @param bridge the Linux bridge pods attach to (--cni-bridge, at most 15 characters)
     * @param netnsPrefix the prefix of the pods' network namespaces under /var/run/netns (--netns-prefix)
     * @param cgroupRoot the cgroup under which kubepods is laid out, e.g. {@code skiff} (k/k kubelet --cgroup-root)
     * @param runcRoot the runtime's directory: runc's state, bundles, conmon's exit files (--runc-root); null for
     *     {@code KUBELET_ROOT/runc}
     */
    public record HostNames(String bridge, String netnsPrefix, String cgroupRoot, Path runcRoot) {
        public HostNames {
            cgroupRoot = cgroupRoot.replaceAll("^/+|/+$", "");
            // Linux IFNAMSIZ is 16 including the terminating NUL; names are path components under /sys/class/net.
            if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
                throw new IllegalArgumentException("the bridge name \"" + bridge
                        + "\" must be 1 to 15 letters, digits, '.', '-' or '_'");
            }
            if (!netnsPrefix.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("the network namespace prefix \"" + netnsPrefix + "\" must be "
                        + "letters, digits, '.', '-' or '_'");
            }
            if (cgroupRoot.isEmpty()) {
                throw new IllegalArgumentException("the cgroup root must not be empty");
            }
        }

        /** Bridge skiff0, namespaces skiff-*, cgroups under /skiff, runc in the kubelet's directory. */
        public static HostNames defaults() {
            return new HostNames(CniConfig.DEFAULT_BRIDGE, CniConfig.DEFAULT_NETNS_PREFIX,
                    NodeSettings.DEFAULT_CGROUP_ROOT, null);
        }

        /** The runtime's directory for a kubelet whose state directory is {@code kubeletRoot}. */
        public Path runcRoot(Path kubeletRoot) {
            return runcRoot != null ? runcRoot : kubeletRoot.resolve("runc");
        }
    }

    /** Container runtimes a kubelet can use. */
    public enum RuntimeKind {
        /** {@link #RUNC} when it can work on this machine, else {@link #PROCESS} (see RuntimeSelection). */
        AUTO,
        /** Each container a host process group: no images, no isolation. */
        PROCESS,
        /** OCI containers through runc, each under a conmon monitor, pods networked with CNI. */
        RUNC
    }

    public static KubeletOptions defaults() {
        return new KubeletOptions(true, null, RuntimeKind.AUTO, null, 10250);
    }

    public static KubeletOptions disabled() {
        return new KubeletOptions(false, null, RuntimeKind.AUTO, null, 10250);
    }

    public KubeletOptions withNodeName(String name) {
        return new KubeletOptions(enabled, name, runtime, podManifestPath, port, cniConfDir, cniBinDirs, proxy,
                registries, host, nodeIp);
    }

    public KubeletOptions withRuntime(RuntimeKind kind) {
        return new KubeletOptions(enabled, nodeName, kind, podManifestPath, port, cniConfDir, cniBinDirs, proxy,
                registries, host, nodeIp);
    }

    /** Runs the static pods of the manifests in {@code directory} (k/k kubelet --pod-manifest-path). */
    public KubeletOptions withPodManifestPath(Path directory) {
        return new KubeletOptions(enabled, nodeName, runtime, directory, port, cniConfDir, cniBinDirs, proxy,
                registries, host, nodeIp);
    }

    public KubeletOptions withPort(int kubeletPort) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, kubeletPort, cniConfDir, cniBinDirs,
                proxy, registries, host, nodeIp);
    }

    /** Where the CNI configuration and plugins are (k/k --cni-conf-dir, --cni-bin-dir); null and empty: defaults. */
    public KubeletOptions withCni(Path confDir, List<Path> binDirs) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, confDir, binDirs, proxy, registries,
                host, nodeIp);
    }

    /** Runs the service proxy next to the kubelet as {@code options} say (defaults: none). */
    public KubeletOptions withProxy(ProxyOptions options) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, cniConfDir, cniBinDirs, options,
                registries, host, nodeIp);
    }

    /** Names the bridge, namespaces, cgroups and runc directory this kubelet creates (defaults: {@link HostNames}). */
    public KubeletOptions withHostNames(HostNames names) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, cniConfDir, cniBinDirs, proxy,
                registries, names, nodeIp);
    }

    /** Pulls images with {@code config}: mirrors, credentials, CAs and insecure registries (defaults: none). */
    public KubeletOptions withRegistries(RegistryConfig config) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, cniConfDir, cniBinDirs, proxy,
                config, host, nodeIp);
    }

    /** Listens on and registers {@code ip} as the Node's InternalIP (k/k kubelet --node-ip); null: by runtime. */
    public KubeletOptions withNodeIp(String ip) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, cniConfDir, cniBinDirs, proxy,
                registries, host, ip);
    }

    /** The pod network settings for a kubelet whose state directory is {@code kubeletRoot}. */
    public CniConfig cniConfig(Path kubeletRoot) {
        CniConfig config = CniConfig.defaults(kubeletRoot).withBridge(host.bridge(), true)
                .withNetnsPrefix(host.netnsPrefix()).withClusterCidr(proxy.clusterCidr());
        if (cniConfDir != null) {
            config = config.withConfDir(cniConfDir);
        }
        return cniBinDirs.isEmpty() ? config : config.withBinDirs(cniBinDirs);
    }

    /** The node name to register: the given one, else the host name in lower case (k/k kubelet --hostname-override). */
    public String effectiveNodeName() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return host.isBlank() ? "localhost" : host;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
