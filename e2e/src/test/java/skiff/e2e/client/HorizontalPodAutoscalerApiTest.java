package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * HorizontalPodAutoscalers through the API (k/k 1.32): stored as autoscaling/v2 with its defaults, served as
 * autoscaling/v1 too by the v1 conversion and its annotations, validated at the internal version's paths, printed
 * as kubectl's table. The controllers that would act on them are off.
 */
class HorizontalPodAutoscalerApiTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("horizontalpodautoscaling").build();

    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        raw = new RawApi(skiff.client());
        namespace = FreshNamespace.create(skiff.client(), "hpa");
    }

    @Test
    void aV2AutoscalerWithoutMetricsGetsMinReplicasOneAndAnEightyPercentCpuTarget() {
        RawResponse created = create("v2", """
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"bare"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5}}""");

        assertThat(created.code()).as(created.body()).isEqualTo(201);
        JsonNode spec = created.json().path("spec");
        assertThat(spec.path("minReplicas").asInt()).isEqualTo(1);
        assertThat(spec.path("metrics").toString()).isEqualTo(
                "[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\","
                        + "\"averageUtilization\":80}}}]");
        assertThat(spec.has("behavior")).isFalse();
        assertThat(created.json().has("status")).isFalse();
    }

    @Test
    void aV1AutoscalerIsReadAsV2WithItsCpuTargetAndBackAsV1WithoutAnnotations() {
        RawResponse created = create("v1", """
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                         "maxReplicas":5,"targetCPUUtilizationPercentage":50}}""");

        assertThat(created.code()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("spec").toString()).isEqualTo("{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"Deployment\",\"name\":\"web\"},\"minReplicas\":1,\"maxReplicas\":5,"
                + "\"targetCPUUtilizationPercentage\":50}");
        assertThat(created.json().path("metadata").has("annotations")).isFalse();
        JsonNode v2 = raw.get(path("v2") + "/web").json();
        assertThat(v2.path("apiVersion").asString()).isEqualTo("autoscaling/v2");
        assertThat(v2.path("spec").path("metrics").get(0).path("resource").path("target").toString())
                .isEqualTo("{\"type\":\"Utilization\",\"averageUtilization\":50}");
    }

    @Test
    void whatV1HasNoFieldForTravelsInItsAnnotations() {
        create("v2", """
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"mixed"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":5,
                   "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
                              {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}],
                   "behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}}}""");
        RawResponse status = raw.send("PUT", path("v2") + "/mixed/status", "application/json", Json.string(Json.tree(
                statusOf(raw.get(path("v2") + "/mixed").json()))));
        assertThat(status.code()).as(status.body()).isEqualTo(200);

        JsonNode v1 = raw.get(path("v1") + "/mixed").json();

        assertThat(v1.path("spec").path("targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        JsonNode annotations = v1.path("metadata").path("annotations");
        assertThat(annotations.path("autoscaling.alpha.kubernetes.io/metrics").asString()).isEqualTo(
                "[{\"type\":\"Resource\",\"resource\":{\"name\":\"memory\",\"targetAverageValue\":\"100Mi\"}}]");
        assertThat(annotations.path("autoscaling.alpha.kubernetes.io/behavior").asString()).isEqualTo(
                "{\"ScaleUp\":{\"StabilizationWindowSeconds\":0,\"SelectPolicy\":\"Max\",\"Policies\":["
                        + "{\"Type\":\"Pods\",\"Value\":4,\"PeriodSeconds\":15},"
                        + "{\"Type\":\"Percent\",\"Value\":100,\"PeriodSeconds\":15}]},"
                        + "\"ScaleDown\":{\"StabilizationWindowSeconds\":60,\"SelectPolicy\":\"Max\",\"Policies\":["
                        + "{\"Type\":\"Percent\",\"Value\":100,\"PeriodSeconds\":15}]}}");
        assertThat(annotations.path("autoscaling.alpha.kubernetes.io/conditions").asString())
                .contains("\"type\":\"AbleToScale\"", "\"reason\":\"SucceededGetScale\"");
        assertThat(v1.path("status").path("currentCPUUtilizationPercentage").asInt()).isEqualTo(70);
        assertThat(v1.path("status").path("desiredReplicas").asInt()).isEqualTo(3);

        // Put back through v1 unchanged, the v2 object keeps its metrics, behavior and conditions.
        RawResponse put = raw.send("PUT", path("v1") + "/mixed", "application/json", v1.toString());
        assertThat(put.code()).as(put.body()).isEqualTo(200);
        JsonNode v2 = raw.get(path("v2") + "/mixed").json();
        assertThat(v2.path("spec").path("metrics").size()).isEqualTo(2);
        assertThat(v2.path("spec").path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asInt())
                .isEqualTo(60);
        assertThat(v2.path("status").path("conditions").get(0).path("reason").asString())
                .isEqualTo("SucceededGetScale");
        assertThat(v2.path("metadata").has("annotations")).isFalse();
    }

    @Test
    void invalidAutoscalersAreRefusedAtTheInternalPaths() {
        RawResponse bounds = create("v2", """
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"bad"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment"},"minReplicas":3,"maxReplicas":2,
                   "behavior":{"scaleUp":{"selectPolicy":"Most","policies":[{"type":"Pods","value":0,"periodSeconds":1801}]}}}}""");
        RawResponse v1Target = create("v1", """
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"bad"},
                 "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":2,
                         "targetCPUUtilizationPercentage":0}}""");

        assertThat(bounds.code()).isEqualTo(422);
        assertThat(bounds.json().path("message").asString()).isEqualTo("HorizontalPodAutoscaler.autoscaling \"bad\" "
                + "is invalid: [spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`, "
                + "spec.scaleTargetRef.name: Required value, spec.behavior.scaleUp.selectPolicy: Unsupported value: "
                + "\"Most\": supported values: \"Disabled\", \"Max\", \"Min\", "
                + "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero, "
                + "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal "
                + "to 1800]");
        assertThat(v1Target.code()).isEqualTo(422);
        assertThat(v1Target.json().path("message").asString()).isEqualTo("HorizontalPodAutoscaler.autoscaling "
                + "\"bad\" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: "
                + "must be greater than 0");
    }

    @Test
    void theTableShowsReferenceTargetsAndReplicaBounds() {
        create("v1", """
                {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"table"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                         "minReplicas":2,"maxReplicas":7,"targetCPUUtilizationPercentage":50}}""");

        for (String version : new String[] {"v1", "v2"}) {
            JsonNode table = raw.get(path(version) + "/table",
                    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").json();
            assertThat(table.path("rows").get(0).path("cells").toString()).as(version)
                    .startsWith("[\"table\",\"Deployment/web\",\"cpu: <unknown>/50%\",\"2\",7,0,");
        }
    }

    private static JsonNode statusOf(JsonNode hpa) {
        String status = """
                {"currentReplicas":2,"desiredReplicas":3,
                 "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":70,"averageValue":"70m"}}}],
                 "conditions":[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z",
                                "reason":"SucceededGetScale","message":"the HPA controller was able to get the target's current scale"}]}""";
        ((tools.jackson.databind.node.ObjectNode) hpa).set("status", Json.parse(status.getBytes()));
        return hpa;
    }

    private static RawResponse create(String version, String body) {
        return raw.send("POST", path(version), "application/json", body);
    }

    private static String path(String version) {
        return "/apis/autoscaling/" + version + "/namespaces/" + namespace + "/horizontalpodautoscalers";
    }
}
