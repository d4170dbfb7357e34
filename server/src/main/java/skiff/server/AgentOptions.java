package skiff.server;

import java.nio.file.Path;
import java.util.List;
import skiff.api.time.Clock;

/**
 * How {@code skiff agent} joins a server.
 *
 * @param serverUrl the API server, {@code https://HOST:PORT}
 * @param credentials how the kubelet authenticates: a bearer token the API server accepts, or the node's client
 *     certificate from TLS bootstrap
 * @param caCertificatePem the cluster CA: it signs the API server's serving certificate, which the agent checks, and
 *     the API server's kubelet-client certificate, the only caller the agent's kubelet server accepts
 * @param dataDir where the agent keeps its pods and its serving certificate
 * @param nodeIp the address the kubelet server listens on and publishes as the Node's InternalIP
 * @param clusterDns the cluster DNS servers that pods with {@code dnsPolicy: ClusterFirst} resolve with (kubelet
 *     --cluster-dns; k3s' agent uses the server's kube-dns address, the 10th of the service range); empty for none
 * @param clusterDomain their search domain (kubelet --cluster-domain)
 * @param hostGatewayRoutes whether the agent routes every other node's pod CIDR via that node's InternalIP, as
 *     flannel's host-gw backend ({@code --host-gw}; for hosts on one layer-2 network)
 */
public record AgentOptions(String serverUrl, AgentCredentials credentials, String caCertificatePem, Path dataDir,
        KubeletOptions kubelet, String nodeIp, List<String> clusterDns, String clusterDomain, boolean hostGatewayRoutes,
        Clock clock) {
    public AgentOptions {
        clusterDns = List.copyOf(clusterDns);
    }
}
