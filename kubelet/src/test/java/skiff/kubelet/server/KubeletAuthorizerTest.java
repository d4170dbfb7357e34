package skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeletAuthorizerTest {
    @ParameterizedTest
    @CsvSource({
        "/metrics, metrics",
        "/metrics/resource, metrics",
        "/metrics/cadvisor, metrics",
        "/stats/summary, stats",
        "/stats, stats",
        "/logs/syslog, log",
        "/checkpoint/default/web/c, checkpoint",
        "/containerLogs/default/web/c, proxy",
        "/pods, proxy",
        "/healthz, proxy",
        "/metricsfoo, proxy",
        "/, proxy"
    })
    void eachPathNeedsTheNodeSubresourceKubernetesMapsItTo(String path, String subresource) {
        assertThat(KubeletAuthorizer.subresource(path)).isEqualTo(subresource);
    }

    @ParameterizedTest
    @CsvSource({"GET, get", "POST, create", "PUT, update", "PATCH, patch", "DELETE, delete", "HEAD, ''"})
    void theVerbIsTheApiVerbOfTheMethod(String method, String verb) {
        assertThat(KubeletAuthorizer.verb(method)).isEqualTo(verb);
    }
}
