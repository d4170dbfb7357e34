package skiff.apiserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.api.metrics.MetricsText;
import skiff.apiserver.authz.RequestAttributes;
import skiff.apiserver.authz.RequestInfo;

class RequestLabelsTest {

    private static RequestLabels labels(String method, String path, Map<String, String> query, String contentType) {
        RequestAttributes a = RequestInfo.of(null, method, path, query::get);
        return RequestLabels.of(a, contentType, query.containsKey("dryRun") ? List.of(query.get("dryRun")) : List.of());
    }

    @Test
    void verbsAreReportedAsKubernetesReportsThem() {
        assertThat(labels("GET", "/api/v1/namespaces/default/pods", Map.of(), "").verb()).isEqualTo("LIST");
        assertThat(labels("GET", "/api/v1/pods", Map.of("watch", "true"), "").verb()).isEqualTo("WATCH");
        assertThat(labels("GET", "/api/v1/namespaces/default/pods/web", Map.of(), "").verb()).isEqualTo("GET");
        assertThat(labels("POST", "/api/v1/namespaces/default/pods", Map.of(), "").verb()).isEqualTo("POST");
        assertThat(labels("PUT", "/apis/apps/v1/namespaces/default/deployments/web", Map.of(), "").verb())
                .isEqualTo("PUT");
        assertThat(labels("PATCH", "/api/v1/namespaces/default/pods/web", Map.of(), "application/merge-patch+json")
                .verb()).isEqualTo("PATCH");
        assertThat(labels("PATCH", "/api/v1/namespaces/default/pods/web", Map.of(), "application/apply-patch+yaml")
                .verb()).isEqualTo("APPLY");
        assertThat(labels("DELETE", "/api/v1/namespaces/default/pods", Map.of(), "").verb())
                .isEqualTo("DELETECOLLECTION");
        assertThat(labels("GET", "/api/v1/namespaces/default/pods/web/log", Map.of(), "").verb()).isEqualTo("CONNECT");
    }

    @Test
    void scopeGroupVersionAndDryRunFollowTheRequest() {
        RequestLabels create = labels("POST", "/apis/apps/v1/namespaces/default/deployments",
                Map.of("dryRun", "All"), "");
        RequestLabels list = labels("GET", "/apis/apps/v1/namespaces/default/deployments", Map.of(), "");
        RequestLabels nodes = labels("GET", "/api/v1/nodes", Map.of(), "");
        RequestLabels status = labels("PUT", "/api/v1/namespaces/default/pods/web/status", Map.of(), "");

        assertThat(create).extracting(RequestLabels::scope, RequestLabels::group, RequestLabels::version,
                RequestLabels::resource, RequestLabels::dryRun, RequestLabels::component)
                .containsExactly("resource", "apps", "v1", "deployments", "All", "apiserver");
        assertThat(list.scope()).isEqualTo("namespace");
        assertThat(nodes.scope()).isEqualTo("cluster");
        assertThat(status.subresource()).isEqualTo("status");
    }

    @Test
    void watchesAndStreamsAreLongRunningAndReadsReadOnly() {
        assertThat(labels("GET", "/api/v1/pods", Map.of("watch", "1"), "").longRunning()).isTrue();
        assertThat(labels("POST", "/api/v1/namespaces/default/pods/web/exec", Map.of(), "").longRunning()).isTrue();
        assertThat(labels("GET", "/api/v1/nodes/n1/proxy/metrics", Map.of(), "").longRunning()).isTrue();
        assertThat(labels("GET", "/api/v1/pods", Map.of(), "").longRunning()).isFalse();
        assertThat(labels("GET", "/api/v1/pods", Map.of(), "").readOnly()).isTrue();
        assertThat(labels("POST", "/api/v1/namespaces/default/pods", Map.of(), "").readOnly()).isFalse();
        assertThat(labels("GET", "/healthz", Map.of(), "").resourceRequest()).isFalse();
    }

    @Test
    void aRequestIsCountedAndTimedAndInFlightUntilItEnds() {
        ApiServerMetrics metrics = new ApiServerMetrics();
        RequestLabels create = labels("POST", "/api/v1/namespaces/default/configmaps", Map.of(), "");
        RequestLabels watch = labels("GET", "/api/v1/pods", Map.of("watch", "true"), "");

        ApiServerMetrics.InFlight creating = metrics.started(create);
        ApiServerMetrics.InFlight watching = metrics.started(watch);
        String during = text(metrics);
        creating.close();
        metrics.request(create, 201, Duration.ofMillis(30));
        watching.close();
        String after = text(metrics);

        assertThat(during).contains("apiserver_current_inflight_requests{request_kind=\"mutating\"} 1.0")
                .contains("apiserver_current_inflight_requests{request_kind=\"readOnly\"} 0.0")
                .contains("apiserver_longrunning_requests{component=\"apiserver\",group=\"\",resource=\"pods\","
                        + "scope=\"cluster\",subresource=\"\",verb=\"WATCH\",version=\"v1\"} 1.0");
        assertThat(after).contains("apiserver_request_total{code=\"201\",component=\"apiserver\",dry_run=\"\","
                        + "group=\"\",resource=\"configmaps\",scope=\"resource\",subresource=\"\",verb=\"POST\","
                        + "version=\"v1\"} 1.0")
                .contains("apiserver_request_duration_seconds_bucket{component=\"apiserver\",dry_run=\"\",group=\"\","
                        + "resource=\"configmaps\",scope=\"resource\",subresource=\"\",verb=\"POST\",version=\"v1\","
                        + "le=\"0.025\"} 0")
                .contains("le=\"0.05\"} 1")
                .contains("apiserver_current_inflight_requests{request_kind=\"mutating\"} 0.0")
                .contains("verb=\"WATCH\",version=\"v1\"} 0.0");
    }

    private static String text(ApiServerMetrics metrics) {
        return new String(MetricsText.render(metrics.registry()), StandardCharsets.UTF_8);
    }
}
