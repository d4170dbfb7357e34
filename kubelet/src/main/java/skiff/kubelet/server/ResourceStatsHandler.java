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
 * {@code GET /metrics/resource}, the same readings in the Prometheus text format that metrics-server scrapes. The
 * {@link KubeletServer} has authorized the caller ({@code get nodes/stats} or {@code get nodes/metrics}).
 */
public final class ResourceStatsHandler {
    static final String SUMMARY = "/stats/summary";
    static final String RESOURCE_METRICS = "/metrics/resource";

    private final ResourceStats stats;

    public ResourceStatsHandler(ResourceStats stats) {
        this.stats = stats;
    }

    static boolean serves(String path) {
        return path.equals(SUMMARY) || path.equals(RESOURCE_METRICS);
    }

    /** Answers {@code request}. */
    void serve(HttpServerRequest request) {
        boolean summary = request.path().equals(SUMMARY);
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
