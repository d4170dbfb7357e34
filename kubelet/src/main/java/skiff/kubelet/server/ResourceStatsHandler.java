package skiff.kubelet.server;

import io.vertx.core.http.HttpServerRequest;
import skiff.api.json.Json;
import skiff.kubelet.stats.NodeStats;
import skiff.kubelet.stats.ResourceMetricsText;
import skiff.kubelet.stats.ResourceStats;
import skiff.kubelet.stats.StatsSummary;

/**
 * The kubelet's resource usage endpoints (k/k pkg/kubelet/server/server.go InstallDefaultHandlers and
 * stats/handler.go): {@code GET /stats/summary}, the stats/v1alpha1 Summary as JSON, and
 * {@code GET /metrics/resource}, the same readings in the Prometheus text format that metrics-server scrapes. A
 * caller needs {@code get nodes/stats} or {@code get nodes/metrics} on this node (k/k pkg/kubelet/server/auth.go
 * GetRequestAttributes, 1.32), else it gets the kubelet's 403.
 */
public final class ResourceStatsHandler {
    static final String SUMMARY = "/stats/summary";
    static final String RESOURCE_METRICS = "/metrics/resource";

    private final ResourceStats stats;
    private final KubeletAuthorizer authorizer;

    public ResourceStatsHandler(ResourceStats stats, KubeletAuthorizer authorizer) {
        this.stats = stats;
        this.authorizer = authorizer;
    }

    static boolean serves(String path) {
        return path.equals(SUMMARY) || path.equals(RESOURCE_METRICS);
    }

    /** Answers {@code request} from {@code caller}, read from its connection before the request was handed over. */
    void serve(HttpServerRequest request, CertificateSubject caller) {
        boolean summary = request.path().equals(SUMMARY);
        String subresource = summary ? "stats" : "metrics";
        if (!authorizer.allowed(caller.user(), caller.groups(), "get", subresource)) {
            request.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("Forbidden (user=" + caller.user() + ", verb=get, resource=nodes, subresource(s)=["
                            + subresource + "])\n");
            return;
        }
        NodeStats collected = stats.collect();
        if (summary) {
            request.response().putHeader("Content-Type", "application/json")
                    .end(Json.string(StatsSummary.render(collected)));
        } else {
            request.response().putHeader("Content-Type", ResourceMetricsText.CONTENT_TYPE)
                    .end(ResourceMetricsText.render(collected));
        }
    }
}
