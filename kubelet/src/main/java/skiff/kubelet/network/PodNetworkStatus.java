package skiff.kubelet.network;

import java.nio.file.Path;

/**
 * A pod's attached network.
 *
 * @param netns the network namespace's path ({@code /var/run/netns/NAME}), for runc's {@code linux.namespaces}
 * @param ip the pod's IPv4 address, without prefix length
 */
public record PodNetworkStatus(Path netns, String ip) {}
