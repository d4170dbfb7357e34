package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.registry.autoscaling.AutoscalingV1Conversion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Table rows for HorizontalPodAutoscalers: {@code NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE} (k/k
 * pkg/printers/internalversion/printers.go printHorizontalPodAutoscaler and formatHPAMetrics, 1.32), read from the
 * autoscaling/v2 form whichever version was asked for.
 */
final class HorizontalPodAutoscalerTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Reference", "scaleTargetRef points to the target resource to scale, and is used to the "
                    + "pods for which metrics should be collected, as well as to actually change the replica count."),
            Columns.string("Targets", "metrics contains the specifications for which to use to calculate the desired "
                    + "replica count (the maximum replica count across all metrics will be used).  The desired "
                    + "replica count is calculated multiplying the ratio between the target value and the current "
                    + "value by the current number of pods.  Ergo, metrics used must decrease as the pod count is "
                    + "increased, and vice-versa.  See the individual metric source types for more information about "
                    + "how each type of metric must respond."),
            Columns.string("MinPods", "minReplicas is the lower limit for the number of replicas to which the "
                    + "autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha "
                    + "feature gate HPAScaleToZero is enabled and at least one Object or External metric is "
                    + "configured.  Scaling is active as long as at least one metric value is available."),
            Columns.integer("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the "
                    + "autoscaler can scale up. It cannot be less that minReplicas."),
            Columns.integer("Replicas", "currentReplicas is current number of replicas of pods managed by this "
                    + "autoscaler, as last seen by the autoscaler."),
            Columns.AGE);
    // formatHPAMetrics: at most two metrics, then how many more.
    private static final int SHOWN_METRICS = 2;

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode served, Instant now) {
        JsonNode hpa = "autoscaling/v1".equals(served.path("apiVersion").asString(""))
                ? AutoscalingV1Conversion.INSTANCE.toStored((ObjectNode) served) : served;
        JsonNode spec = hpa.path("spec");
        JsonNode ref = spec.path("scaleTargetRef");
        String reference = ref.path("kind").asString("") + "/" + ref.path("name").asString("");
        String minPods = spec.hasNonNull("minReplicas") ? Long.toString(spec.get("minReplicas").asLong()) : "<unset>";
        return List.of(WireValues.name(hpa), reference,
                metrics(spec.path("metrics"), hpa.path("status").path("currentMetrics")), minPods,
                WireValues.integer(spec.path("maxReplicas")),
                WireValues.integer(hpa.path("status").path("currentReplicas")), Age.of(hpa, now));
    }

    private static String metrics(JsonNode specs, JsonNode statuses) {
        if (specs.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode status = i < statuses.size() ? statuses.get(i) : null;
            list.add(metric(spec, status));
        }
        if (list.size() <= SHOWN_METRICS) {
            return String.join(", ", list);
        }
        return String.join(", ", list.subList(0, SHOWN_METRICS)) + " + " + (list.size() - SHOWN_METRICS) + " more...";
    }

    private static String metric(JsonNode spec, JsonNode status) {
        String type = spec.path("type").asString("");
        return switch (type) {
            case "External", "Object" -> {
                String field = type.equals("External") ? "external" : "object";
                JsonNode target = spec.path(field).path("target");
                JsonNode current = status == null ? null : status.get(field);
                if (target.hasNonNull("averageValue")) {
                    yield text(current, "averageValue") + "/" + target.get("averageValue").asString() + " (avg)";
                }
                yield text(current, "value") + "/" + target.path("value").asString("0");
            }
            case "Pods" -> text(status == null ? null : status.get("pods"), "averageValue") + "/"
                    + spec.path("pods").path("target").path("averageValue").asString("0");
            case "Resource", "ContainerResource" -> {
                String field = type.equals("Resource") ? "resource" : "containerResource";
                JsonNode source = spec.path(field);
                JsonNode current = status == null ? null : status.get(field);
                String prefix = source.path("name").asString("");
                JsonNode target = source.path("target");
                if (target.hasNonNull("averageValue")) {
                    yield prefix + ": " + text(current, "averageValue") + "/" + target.get("averageValue").asString();
                }
                String now = current != null && current.path("current").hasNonNull("averageUtilization")
                        ? current.path("current").get("averageUtilization").asLong() + "%" : "<unknown>";
                String goal = target.hasNonNull("averageUtilization")
                        ? target.get("averageUtilization").asLong() + "%" : "<auto>";
                yield prefix + ": " + now + "/" + goal;
            }
            default -> "<unknown type>";
        };
    }

    private static String text(JsonNode status, String field) {
        if (status == null || !status.path("current").hasNonNull(field)) {
            return "<unknown>";
        }
        return status.path("current").get(field).asString();
    }
}
