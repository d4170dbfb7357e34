package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The caching rules of the OpenAPI documents as kube-openapi serves them (k/k 1.32 kube-openapi pkg/handler3):
 * quoted ETags with 304 for a matching If-None-Match, immutable group-version documents under their hash, and a
 * redirect from a stale hash to the current one.
 */
class OpenApiCachingTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final HttpClient http = skiff.client().getHttpClient().newBuilder().build();
    private final String base = skiff.client().getMasterUrl().toString().replaceAll("/$", "");

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(base + path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theRootHasAnETagThatAnswersNotModified() throws Exception {
        HttpResponse<String> root = get("/openapi/v3");
        String etag = root.header("Etag");

        assertThat(root.code()).isEqualTo(200);
        assertThat(etag).matches("\"[0-9A-F]{128}\"");
        assertThat(get("/openapi/v3", "If-None-Match", etag).code()).isEqualTo(304);
    }

    @Test
    void aGroupVersionUnderItsHashIsImmutableAndAStaleHashRedirects() throws Exception {
        JsonNode root = JsonMapper.builder().build().readTree(get("/openapi/v3").body());
        String url = root.path("paths").path("apis/apps/v1").path("serverRelativeURL").asString();
        String hash = url.substring(url.indexOf("?hash=") + "?hash=".length());

        HttpResponse<String> doc = get(url, "Accept", "application/json");
        HttpResponse<String> stale = get("/openapi/v3/apis/apps/v1?hash=0123", "Accept", "application/json");

        assertThat(doc.code()).isEqualTo(200);
        assertThat(doc.header("Etag")).isEqualTo("\"" + hash + "\"");
        assertThat(doc.header("Cache-Control")).isEqualTo("public, immutable");
        assertThat(doc.header("Expires")).isNotBlank();
        assertThat(doc.body()).contains("\"io.k8s.api.apps.v1.Deployment\"");
        assertThat(stale.code()).isEqualTo(301);
        assertThat(stale.header("Location")).isEqualTo(url);
        assertThat(get("/openapi/v3/apis/apps/v1", "Accept", "application/json").header("Cache-Control"))
                .isEqualTo("no-cache, private");
        assertThat(get("/openapi/v3/apis/nothing.example.com/v1").code()).isEqualTo(404);
    }
}
