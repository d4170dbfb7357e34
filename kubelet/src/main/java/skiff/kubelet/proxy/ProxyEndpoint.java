package skiff.kubelet.proxy;

/**
 * One endpoint of a Service port as the proxy sees it (k/k pkg/proxy/endpoint.go BaseEndpointInfo, 1.32).
 *
 * @param local whether the endpoint runs on this proxy's node (its EndpointSlice {@code nodeName})
 */
public record ProxyEndpoint(String ip, int port, boolean ready, boolean serving, boolean terminating,
        boolean local) {

    /** {@code ip:port}, the endpoint's identity. */
    public String address() {
        return ip + ":" + port;
    }
}
