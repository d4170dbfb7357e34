package skiff.apiserver.registry.autoscaling;

import java.util.List;
import skiff.api.json.Json;
import skiff.apiserver.registry.StorageConversion;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoscaling/v1 HorizontalPodAutoscalers over the autoscaling/v2 storage (k/k pkg/apis/autoscaling/v1/conversion.go,
 * 1.32). The first cpu Resource metric with a utilization target is targetCPUUtilizationPercentage, and its current
 * utilization currentCPUUtilizationPercentage; what v1 has no field for travels in annotations: the other metrics
 * (as v1 MetricSpecs), every current metric (as v1 MetricStatuses), the conditions and the behavior. Read back, the
 * annotations are taken off again, and an autoscaler without metrics gets the 80% cpu utilization target.
 */
public final class AutoscalingV1Conversion implements StorageConversion {
    public static final AutoscalingV1Conversion INSTANCE = new AutoscalingV1Conversion();

    // k/k pkg/apis/autoscaling/annotations.go (1.32).
    static final String METRICS = "autoscaling.alpha.kubernetes.io/metrics";
    static final String CURRENT_METRICS = "autoscaling.alpha.kubernetes.io/current-metrics";
    static final String CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    static final String BEHAVIOR = "autoscaling.alpha.kubernetes.io/behavior";

    private AutoscalingV1Conversion() {}

    /** The autoscaling/v2 object as autoscaling/v1 serves it. */
    @Override
    public ObjectNode toServed(ObjectNode stored) {
        ObjectNode out = header("autoscaling/v1", stored);
        JsonNode spec = stored.path("spec");
        JsonNode status = stored.path("status");
        ObjectNode annotations = Json.object();
        ArrayNode other = Json.mapper().createArrayNode();
        for (JsonNode metric : spec.path("metrics")) {
            if (!isCpuUtilization(metric)) {
                other.add(MetricsV1.specToV1(metric));
            }
        }
        if (!other.isEmpty()) {
            annotations.put(METRICS, Json.string(other));
        }
        if (!status.path("currentMetrics").isEmpty()) {
            ArrayNode current = Json.mapper().createArrayNode();
            status.path("currentMetrics").forEach(m -> current.add(MetricsV1.statusToV1(m)));
            annotations.put(CURRENT_METRICS, Json.string(current));
        }
        if (!status.path("conditions").isEmpty()) {
            annotations.put(CONDITIONS, Json.string(status.path("conditions")));
        }
        if (spec.has("behavior") && !spec.get("behavior").isNull()) {
            annotations.put(BEHAVIOR, Json.string(BehaviorAnnotation.encode(spec.get("behavior"))));
        }
        if (!annotations.isEmpty()) {
            ObjectNode metadata = (ObjectNode) out.get("metadata");
            JsonNode existing = metadata.get("annotations");
            ObjectNode merged = existing instanceof ObjectNode e ? e : metadata.putObject("annotations");
            merged.setAll(annotations);
        }
        ObjectNode v1Spec = out.putObject("spec");
        copy(spec, "scaleTargetRef", v1Spec);
        copy(spec, "minReplicas", v1Spec);
        copy(spec, "maxReplicas", v1Spec);
        for (JsonNode metric : spec.path("metrics")) {
            if (isCpuResource(metric)) {
                JsonNode utilization = metric.path("resource").path("target").get("averageUtilization");
                if (utilization != null && !utilization.isNull()) {
                    v1Spec.set("targetCPUUtilizationPercentage", utilization.deepCopy());
                }
                break;
            }
        }
        if (stored.has("status")) {
            ObjectNode v1Status = out.putObject("status");
            copy(status, "observedGeneration", v1Status);
            copy(status, "lastScaleTime", v1Status);
            v1Status.put("currentReplicas", status.path("currentReplicas").asInt(0));
            v1Status.put("desiredReplicas", status.path("desiredReplicas").asInt(0));
            for (JsonNode metric : status.path("currentMetrics")) {
                JsonNode utilization = metric.path("resource").path("current").get("averageUtilization");
                if (isCpuResource(metric) && utilization != null && !utilization.isNull()) {
                    v1Status.set("currentCPUUtilizationPercentage", utilization.deepCopy());
                }
            }
        }
        return out;
    }

    /** The autoscaling/v1 object as autoscaling/v2 stores it. */
    @Override
    public ObjectNode toStored(ObjectNode served) {
        ObjectNode out = header("autoscaling/v2", served);
        JsonNode spec = served.path("spec");
        JsonNode status = served.path("status");
        ObjectNode metadata = (ObjectNode) out.get("metadata");
        JsonNode annotations = metadata.path("annotations");
        ObjectNode v2Spec = out.putObject("spec");
        copy(spec, "scaleTargetRef", v2Spec);
        copy(spec, "minReplicas", v2Spec);
        copy(spec, "maxReplicas", v2Spec);
        ArrayNode metrics = Json.mapper().createArrayNode();
        for (JsonNode metric : annotationArray(annotations, METRICS)) {
            metrics.add(MetricsV1.specFromV1(metric));
        }
        JsonNode target = spec.get("targetCPUUtilizationPercentage");
        if (target != null && !target.isNull()) {
            metrics.add(cpuUtilization(target.asInt()));
        }
        // conversion.go: autoscaling/v1's implicit default, explicit in v2.
        if (metrics.isEmpty()) {
            metrics.add(cpuUtilization(HorizontalPodAutoscalerDefaults.CPU_UTILIZATION));
        }
        v2Spec.set("metrics", metrics);
        if (annotations.has(BEHAVIOR)) {
            v2Spec.set("behavior", BehaviorAnnotation.decode(annotationJson(annotations, BEHAVIOR)));
        }
        if (served.has("status")) {
            ObjectNode v2Status = out.putObject("status");
            copy(status, "observedGeneration", v2Status);
            copy(status, "lastScaleTime", v2Status);
            copy(status, "currentReplicas", v2Status);
            copy(status, "desiredReplicas", v2Status);
            if (annotations.has(CURRENT_METRICS)) {
                ArrayNode current = v2Status.putArray("currentMetrics");
                annotationArray(annotations, CURRENT_METRICS).forEach(m -> current.add(MetricsV1.statusFromV1(m)));
            } else if (status.hasNonNull("currentCPUUtilizationPercentage")) {
                ObjectNode cpu = v2Status.putArray("currentMetrics").addObject();
                cpu.put("type", "Resource");
                ObjectNode resource = cpu.putObject("resource");
                resource.put("name", "cpu");
                resource.putObject("current").set("averageUtilization",
                        status.get("currentCPUUtilizationPercentage").deepCopy());
            }
            if (annotations.has(CONDITIONS)) {
                v2Status.set("conditions", annotationArray(annotations, CONDITIONS));
            }
        }
        if (annotations instanceof ObjectNode a) {
            a.remove(List.of(METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR));
            if (a.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        return out;
    }

    @Override
    public String storedFieldLabel(String label) {
        return label;
    }

    static boolean isCpuResource(JsonNode metric) {
        return "Resource".equals(metric.path("type").asString(""))
                && "cpu".equals(metric.path("resource").path("name").asString(""));
    }

    private static boolean isCpuUtilization(JsonNode metric) {
        return isCpuResource(metric) && metric.path("resource").path("target").hasNonNull("averageUtilization");
    }

    static ObjectNode cpuUtilization(int percent) {
        ObjectNode metric = Json.object();
        metric.put("type", "Resource");
        ObjectNode resource = metric.putObject("resource");
        resource.put("name", "cpu");
        ObjectNode target = resource.putObject("target");
        target.put("type", "Utilization");
        target.put("averageUtilization", percent);
        return metric;
    }

    private static ArrayNode annotationArray(JsonNode annotations, String key) {
        return annotationJson(annotations, key) instanceof ArrayNode a ? a : Json.mapper().createArrayNode();
    }

    private static JsonNode annotationJson(JsonNode annotations, String key) {
        JsonNode text = annotations.get(key);
        if (text == null || !text.isString()) {
            return Json.object();
        }
        try {
            return Json.parse(text.asString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException malformed) {
            // k/k: the annotation's json.Unmarshal fails the decoding of the request.
            throw StatusException.badRequest("annotation " + key + " is not valid JSON");
        }
    }

    private static ObjectNode header(String apiVersion, ObjectNode from) {
        ObjectNode out = Json.object();
        out.put("kind", "HorizontalPodAutoscaler");
        out.put("apiVersion", apiVersion);
        JsonNode metadata = from.get("metadata");
        out.set("metadata", metadata instanceof ObjectNode m ? m.deepCopy() : Json.object());
        return out;
    }

    private static void copy(JsonNode from, String field, ObjectNode to) {
        JsonNode value = from.get(field);
        if (value != null && !value.isMissingNode()) {
            to.set(field, value.deepCopy());
        }
    }
}
