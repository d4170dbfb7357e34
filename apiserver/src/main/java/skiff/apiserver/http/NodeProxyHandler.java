package skiff.apiserver.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;

/**
 * {@code GET nodes/NAME/proxy/PATH} (k/k pkg/registry/core/node/rest/proxy.go ProxyREST, 1.32): the request goes on
 * to the node's kubelet at {@code /PATH} with its query, made with the API server's kubelet client certificate, and
 * the kubelet's answer comes back with its status and type. Only GET is proxied.
 */
final class NodeProxyHandler implements SubresourceHandler {
    private final KubeletConnections kubelets;

    NodeProxyHandler(KubeletConnections kubelets) {
        this.kubelets = kubelets;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("proxy", "", "v1", "NodeProxyOptions", List.of("get"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage nodes, RequestTarget.Resource target) throws InterruptedException {
        if (!ex.method().equals("GET") || target.collection()) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        KubeletEndpoint endpoint = KubeletEndpoint.of(nodes.get(null, target.name()));
        String prefix = "/proxy";
        String path = ex.path();
        String rest = path.substring(path.indexOf(prefix, path.indexOf("/nodes/")) + prefix.length());
        String uri = (rest.isEmpty() ? "/" : rest) + (ex.rawQuery().isEmpty() ? "" : "?" + ex.rawQuery());
        HttpClientResponse response;
        try {
            response = kubelets.http(endpoint).request(new RequestOptions().setMethod(HttpMethod.GET)
                            .setHost(endpoint.host()).setPort(endpoint.port()).setURI(uri))
                    .compose(request -> request.send())
                    .compose(r -> {
                        r.pause();
                        return Future.succeededFuture(r);
                    })
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            // k/k proxy's error responder: the kubelet cannot be reached.
            throw StatusException.of(503, "ServiceUnavailable", "error trying to reach service: "
                    + e.getCause().getMessage(), null);
        }
        String contentType = response.getHeader("Content-Type");
        ex.proxy(response, response.statusCode(), contentType == null ? "text/plain" : contentType);
    }
}
