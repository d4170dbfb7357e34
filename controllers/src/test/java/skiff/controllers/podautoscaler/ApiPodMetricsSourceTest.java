package skiff.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.controllers.framework.RawResponse;

/** Reading metrics.k8s.io/v1beta1 PodMetrics (k/k pkg/controller/podautoscaler/metrics/client.go, 1.32). */
class ApiPodMetricsSourceTest {
    private final List<String> paths = new ArrayList<>();

    @Test
    void sumsEachPodsContainersAndDropsPodsMissingTheResource() throws MetricsUnavailableException {
        ApiPodMetricsSource source = answering(200, """
                {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[
                 {"metadata":{"name":"a","namespace":"ns"},"timestamp":"2026-06-01T12:00:00Z","window":"15s",
                  "containers":[{"name":"app","usage":{"cpu":"250m","memory":"10Mi"}},
                                {"name":"side","usage":{"cpu":"1","memory":"1Mi"}}]},
                 {"metadata":{"name":"b","namespace":"ns"},"timestamp":"2026-06-01T12:00:05Z","window":"15s",
                  "containers":[{"name":"app","usage":{"memory":"10Mi"}}]},
                 {"metadata":{"name":"c","namespace":"ns"},"timestamp":"2026-06-01T12:00:05Z","window":"15s",
                  "containers":[]}]}""");

        ResourceMetrics metrics = source.resourceMetrics("ns", "app=web,tier in (a)", "cpu", "");

        assertThat(paths).containsExactly(
                "/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods?labelSelector=app%3Dweb%2Ctier+in+%28a%29");
        assertThat(metrics.pods()).containsOnlyKeys("a");
        assertThat(metrics.pods().get("a")).isEqualTo(
                new PodMetric(1250, Instant.parse("2026-06-01T12:00:00Z"), Duration.ofSeconds(15)));
        assertThat(metrics.timestamp()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
        assertThat(source.resourceMetrics("ns", "app=web", "cpu", "app").pods().get("a").milliValue())
                .isEqualTo(250);
    }

    @Test
    void aMetricsApiNotServedOrNotReadyIsWordedAsClientGoWordsIt() {
        assertThatThrownBy(() -> answering(404, "404 page not found").resourceMetrics("ns", "app=web", "cpu", ""))
                .hasMessage("unable to fetch metrics from resource metrics API: the server could not find the "
                        + "requested resource (get pods.metrics.k8s.io)");
        assertThatThrownBy(() -> answering(503, "").resourceMetrics("ns", "app=web", "cpu", ""))
                .hasMessage("unable to fetch metrics from resource metrics API: the server is currently unable to "
                        + "handle the request (get pods.metrics.k8s.io)");
        assertThatThrownBy(() -> answering(200, "{\"kind\":\"PodMetricsList\",\"items\":[]}")
                .resourceMetrics("ns", "app=web", "cpu", ""))
                .hasMessage("no metrics returned from resource metrics API");
    }

    private ApiPodMetricsSource answering(int code, String body) {
        return new ApiPodMetricsSource(path -> {
            paths.add(path);
            return new RawResponse(code, body);
        });
    }
}
