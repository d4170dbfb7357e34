package skiff.kubelet;

import java.nio.file.Path;
import java.time.Duration;
import skiff.api.time.Clock;
import skiff.image.ImageStore;
import skiff.image.registry.ImagePuller;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.runtime.ContainerRuntime;

/**
 * How a kubelet runs.
 *
 * @param nodeName the Node this kubelet registers and whose pods it runs
 * @param rootDir the kubelet's state directory (the process runtime keeps pods under it)
 * @param nodeIp the node's InternalIP, also the host IP of its pods
 * @param statusUpdatePeriod how often the Node status is posted (k/k nodeStatusUpdateFrequency, 10 s)
 * @param leaseRenewPeriod how often the node Lease is renewed (a quarter of its 40 s duration)
 * @param podResyncPeriod how often each pod is synced without a trigger
 * @param shutdownGracePeriod the most a running container gets to stop when the kubelet itself stops
 * @param stopPodsOnClose stop every running container on {@link Kubelet#close()}: Kubernetes leaves containers
 *     running across kubelet restarts, as the runc runtime does (its monitors outlive Skiff); the process runtime
 *     cannot observe its containers after Skiff exits, so they are stopped and started again, whatever their
 *     restart policy, when it comes back
 * @param podManifestPath the directory of static pod manifests (k/k --pod-manifest-path, staticPodPath), null for
 *     none
 * @param serverPort the port of the kubelet's HTTPS server for logs and exec (k/k default 10250; 0 picks a free one)
 * @param clientCaPem the cluster CA, whose API server client certificate the kubelet server accepts
 * @param nodeSettings what a pod's Linux settings depend on: the cgroup root, the node's memory, seccomp profiles
 * @param images where containers' images come from, null for a runtime that runs no images (process)
 */
public record KubeletConfig(String nodeName, Path rootDir, String nodeIp, Clock clock, ContainerRuntime runtime,
        Duration statusUpdatePeriod, Duration leaseRenewPeriod, Duration podResyncPeriod,
        Duration shutdownGracePeriod, boolean stopPodsOnClose, Path podManifestPath, int serverPort, String clientCaPem,
        NodeSettings nodeSettings, Images images) {
    public static final int DEFAULT_SERVER_PORT = 10250;
    public static final String DEFAULT_NODE_IP = "127.0.0.1";

    public static KubeletConfig defaults(String nodeName, Path rootDir, Clock clock, ContainerRuntime runtime,
            String clientCaPem) {
        return new KubeletConfig(nodeName, rootDir, DEFAULT_NODE_IP, clock, runtime, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(10), true, null, DEFAULT_SERVER_PORT,
                clientCaPem, NodeSettings.defaults().withKubeletRoot(rootDir), null);
    }

    public KubeletConfig withShutdownGracePeriod(Duration grace) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, grace, stopPodsOnClose, podManifestPath, serverPort, clientCaPem,
                nodeSettings, images);
    }

    public KubeletConfig withNodeIp(String ip) {
        return new KubeletConfig(nodeName, rootDir, ip, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, podManifestPath, serverPort, clientCaPem,
                nodeSettings, images);
    }

    public KubeletConfig withServerPort(int port) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, podManifestPath, port, clientCaPem,
                nodeSettings, images);
    }

    /** Whether {@link Kubelet#close()} stops the containers: false for runtimes whose containers outlive Skiff. */
    public KubeletConfig withStopPodsOnClose(boolean stop) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stop, podManifestPath, serverPort, clientCaPem,
                nodeSettings, images);
    }

    /** The node settings pods' Linux configs are resolved with (tests give a cgroup root of their own). */
    public KubeletConfig withNodeSettings(NodeSettings settings) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, podManifestPath, serverPort, clientCaPem,
                settings, images);
    }

    public KubeletConfig withRuntime(ContainerRuntime containerRuntime) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, containerRuntime, statusUpdatePeriod,
                leaseRenewPeriod, podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, podManifestPath, serverPort,
                clientCaPem, nodeSettings, images);
    }

    /** The image store and registry client the kubelet ensures images with before containers start. */
    public KubeletConfig withImages(Images source) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, podManifestPath, serverPort, clientCaPem,
                nodeSettings, source);
    }

    /** The node's image store and how images are pulled into it. */
    public record Images(ImageStore store, ImagePuller puller) {}

    public KubeletConfig withPodManifestPath(Path directory) {
        return new KubeletConfig(nodeName, rootDir, nodeIp, clock, runtime, statusUpdatePeriod, leaseRenewPeriod,
                podResyncPeriod, shutdownGracePeriod, stopPodsOnClose, directory, serverPort, clientCaPem,
                nodeSettings, images);
    }
}
