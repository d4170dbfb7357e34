package skiff.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.kubelet.proxy.ProxyConfig;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.proxy.ServiceProxy;

/** Starts the service proxy next to a kubelet, as the server and the agent both do. */
final class NodeProxies {
    private static final Logger LOG = LoggerFactory.getLogger(NodeProxies.class);

    private NodeProxies() {
    }

    /**
     * The running proxy, or null when its mode is none. An explicit {@code nftables} that cannot start fails the
     * start; {@code auto} logs why and goes on without a proxy.
     */
    static ServiceProxy start(ProxyOptions options, String nodeName, KubernetesClient client) {
        ProxyConfig config = ProxyConfig.defaults(nodeName, options.mode(), options.clusterCidr(),
                options.serviceCidr()).withTable(options.table());
        try {
            return ServiceProxy.start(config, client);
        } catch (RuntimeException e) {
            if (options.mode() == ProxyMode.NFTABLES) {
                throw new IllegalStateException("cannot start the service proxy (--proxy-mode nftables): "
                        + e.getMessage(), e);
            }
            LOG.warn("proxy: not started (auto): {}", e.getMessage());
            return null;
        }
    }
}
