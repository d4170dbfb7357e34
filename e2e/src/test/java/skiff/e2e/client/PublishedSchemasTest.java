package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every kind discovery lists has its schema published, in its group-version's /openapi/v3 document and in
 * /openapi/v2 (k/k 1.32 installs each group-version's OpenAPI definitions with its routes: kube-openapi builder
 * and builder3), so that kubectl explain, kubectl's client-side validation and server-side apply's list and map
 * semantics have one for each.
 */
class PublishedSchemasTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    // The connect subresources' kinds are their query parameters, never a body: Kubernetes publishes no schema
    // for them (k/k 1.32 api/openapi-spec/v3/api__v1_openapi.json has no PodExecOptions).
    private static final Set<String> CONNECT_OPTIONS = Set.of("v1/NodeProxyOptions", "v1/PodAttachOptions",
            "v1/PodExecOptions", "v1/PodPortForwardOptions", "v1/PodProxyOptions", "v1/ServiceProxyOptions");

    private static RawApi raw;

    @BeforeAll
    static void connect() {
        raw = new RawApi(skiff.client());
    }

    @Test
    void everyServedKindHasItsSchemaInTheV3DocumentOfItsGroupVersionAndInV2() {
        JsonNode root = raw.get("/openapi/v3").json().path("paths");
        Set<String> v2Kinds = kinds(raw.get("/openapi/v2", "application/json").json().path("definitions"));
        List<String> missingV3 = new ArrayList<>();
        List<String> missingV2 = new ArrayList<>();
        List<String> walked = new ArrayList<>();
        for (String groupVersion : groupVersions()) {
            String path = groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
            String url = root.path(path).path("serverRelativeURL").asString("");
            Set<String> v3Kinds = url.isEmpty() ? Set.of()
                    : kinds(raw.get(url, "application/json").json().path("components").path("schemas"));
            for (JsonNode r : raw.get("/" + path).json().path("resources")) {
                String gvk = kindOf(groupVersion, r);
                walked.add(gvk);
                if (CONNECT_OPTIONS.contains(gvk)) {
                    continue;
                }
                if (!v3Kinds.contains(gvk)) {
                    missingV3.add(r.path("name").asString() + " " + gvk);
                }
                if (!v2Kinds.contains(gvk)) {
                    missingV2.add(r.path("name").asString() + " " + gvk);
                }
            }
        }

        assertThat(walked).contains("admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
                "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration", "v1/Pod",
                "autoscaling/v1/Scale", "metrics.k8s.io/v1beta1/PodMetrics", "v1/PodExecOptions");
        assertThat(missingV3).as("kinds without a schema in their /openapi/v3 document").isEmpty();
        assertThat(missingV2).as("kinds without a schema in /openapi/v2").isEmpty();
    }

    @Test
    void twoManagersApplyingWebhooksToOneConfigurationEachKeepTheirOwnByName() {
        String path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/shared";
        String one = raw.send("PATCH", path + "?fieldManager=one", "application/apply-patch+yaml",
                configuration("a.example.com")).body();
        RawResponse two = raw.send("PATCH", path + "?fieldManager=two", "application/apply-patch+yaml",
                configuration("b.example.com"));
        RawResponse conflict = raw.send("PATCH", path + "?fieldManager=two", "application/apply-patch+yaml",
                configuration("a.example.com").replace("\"Fail\"", "\"Ignore\""));

        assertThat(one).contains("a.example.com");
        assertThat(two.code()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        two.json().path("webhooks").forEach(w -> names.add(w.path("name").asString()));
        assertThat(names).containsExactly("a.example.com", "b.example.com");
        assertThat(two.json().path("metadata").path("managedFields").findValues("f:webhooks").toString())
                .contains("k:{\\\"name\\\":\\\"a.example.com\\\"}")
                .contains("k:{\\\"name\\\":\\\"b.example.com\\\"}");
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.json().path("message").asString())
                .contains(".webhooks[name=\"a.example.com\"].failurePolicy");
    }

    private static String configuration(String webhook) {
        return """
                {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                 "metadata": {"name": "shared"},
                 "webhooks": [{"name": "%s", "admissionReviewVersions": ["v1"], "sideEffects": "None",
                   "failurePolicy": "Fail", "clientConfig": {"url": "https://127.0.0.1:1/validate"},
                   "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                     "resources": ["configmaps"]}],
                   "objectSelector": {"matchLabels": {"never": "%s"}}}]}
                """.formatted(webhook, webhook);
    }

    /** "group/version/Kind" of a resource or subresource, which may name its own group and version. */
    private static String kindOf(String groupVersion, JsonNode resource) {
        String group = resource.path("group").asString("");
        String version = resource.path("version").asString("");
        String gv = version.isEmpty() ? groupVersion : group.isEmpty() ? version : group + "/" + version;
        return gv + "/" + resource.path("kind").asString();
    }

    private static Set<String> kinds(JsonNode schemas) {
        Set<String> kinds = new HashSet<>();
        for (JsonNode schema : schemas) {
            for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
                String group = gvk.path("group").asString("");
                String version = gvk.path("version").asString();
                kinds.add((group.isEmpty() ? version : group + "/" + version) + "/" + gvk.path("kind").asString());
            }
        }
        return kinds;
    }

    private static List<String> groupVersions() {
        List<String> gvs = new ArrayList<>(List.of("v1"));
        raw.get("/apis").json().path("groups").forEach(g -> g.path("versions")
                .forEach(v -> gvs.add(v.path("groupVersion").asString())));
        return gvs;
    }
}
