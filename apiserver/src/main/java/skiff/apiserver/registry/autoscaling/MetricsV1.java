package skiff.apiserver.registry.autoscaling;

import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One metric's spec or status between autoscaling/v2 and the v1 form the annotations carry (k/k
 * pkg/apis/autoscaling/v1/conversion.go and zz_generated.conversion.go, 1.32): v1 names the target and current
 * values flat (targetAverageUtilization, currentAverageValue, metricName, ...), v2 nests them in target, current and
 * metric.
 */
final class MetricsV1 {
    private MetricsV1() {}

    static ObjectNode specToV1(JsonNode metric) {
        ObjectNode out = Json.object();
        String type = metric.path("type").asString("");
        out.put("type", type);
        JsonNode source;
        if ((source = metric.get("object")) != null) {
            ObjectNode o = out.putObject("object");
            o.set("target", source.path("describedObject").deepCopy());
            o.put("metricName", source.path("metric").path("name").asString(""));
            o.set("targetValue", quantity(source.path("target").get("value")));
            copy(source.path("metric"), "selector", o, "selector");
            copy(source.path("target"), "averageValue", o, "averageValue");
        }
        if ((source = metric.get("pods")) != null) {
            ObjectNode p = out.putObject("pods");
            p.put("metricName", source.path("metric").path("name").asString(""));
            p.set("targetAverageValue", quantity(source.path("target").get("averageValue")));
            copy(source.path("metric"), "selector", p, "selector");
        }
        if ((source = metric.get("resource")) != null) {
            ObjectNode r = out.putObject("resource");
            r.put("name", source.path("name").asString(""));
            copy(source.path("target"), "averageUtilization", r, "targetAverageUtilization");
            copy(source.path("target"), "averageValue", r, "targetAverageValue");
        }
        if ((source = metric.get("containerResource")) != null) {
            ObjectNode r = out.putObject("containerResource");
            r.put("name", source.path("name").asString(""));
            copy(source.path("target"), "averageUtilization", r, "targetAverageUtilization");
            copy(source.path("target"), "averageValue", r, "targetAverageValue");
            r.put("container", source.path("container").asString(""));
        }
        if ((source = metric.get("external")) != null) {
            ObjectNode e = out.putObject("external");
            e.put("metricName", source.path("metric").path("name").asString(""));
            copy(source.path("metric"), "selector", e, "metricSelector");
            copy(source.path("target"), "value", e, "targetValue");
            copy(source.path("target"), "averageValue", e, "targetAverageValue");
        }
        return out;
    }

    static ObjectNode specFromV1(JsonNode metric) {
        ObjectNode out = Json.object();
        out.put("type", metric.path("type").asString(""));
        JsonNode source;
        if ((source = metric.get("object")) != null) {
            ObjectNode o = out.putObject("object");
            o.set("describedObject", source.path("target").deepCopy());
            o.set("metric", identifier(source.path("metricName"), source.get("selector")));
            ObjectNode target = o.putObject("target");
            target.put("type", source.hasNonNull("averageValue") ? "AverageValue" : "Value");
            target.set("value", quantity(source.get("targetValue")));
            copy(source, "averageValue", target, "averageValue");
        }
        if ((source = metric.get("pods")) != null) {
            ObjectNode p = out.putObject("pods");
            p.set("metric", identifier(source.path("metricName"), source.get("selector")));
            ObjectNode target = p.putObject("target");
            target.put("type", "AverageValue");
            target.set("averageValue", quantity(source.get("targetAverageValue")));
        }
        if ((source = metric.get("resource")) != null) {
            ObjectNode r = out.putObject("resource");
            r.put("name", source.path("name").asString(""));
            r.set("target", resourceTarget(source));
        }
        if ((source = metric.get("containerResource")) != null) {
            ObjectNode r = out.putObject("containerResource");
            r.put("name", source.path("name").asString(""));
            r.set("target", resourceTarget(source));
            r.put("container", source.path("container").asString(""));
        }
        if ((source = metric.get("external")) != null) {
            ObjectNode e = out.putObject("external");
            e.set("metric", identifier(source.path("metricName"), source.get("metricSelector")));
            ObjectNode target = e.putObject("target");
            target.put("type", source.hasNonNull("targetValue") ? "Value" : "AverageValue");
            copy(source, "targetValue", target, "value");
            copy(source, "targetAverageValue", target, "averageValue");
        }
        return out;
    }

    static ObjectNode statusToV1(JsonNode metric) {
        ObjectNode out = Json.object();
        out.put("type", metric.path("type").asString(""));
        JsonNode source;
        if ((source = metric.get("object")) != null) {
            ObjectNode o = out.putObject("object");
            o.set("target", source.path("describedObject").deepCopy());
            o.put("metricName", source.path("metric").path("name").asString(""));
            o.set("currentValue", quantity(source.path("current").get("value")));
            copy(source.path("metric"), "selector", o, "selector");
            copy(source.path("current"), "averageValue", o, "averageValue");
        }
        if ((source = metric.get("pods")) != null) {
            ObjectNode p = out.putObject("pods");
            p.put("metricName", source.path("metric").path("name").asString(""));
            p.set("currentAverageValue", quantity(source.path("current").get("averageValue")));
            copy(source.path("metric"), "selector", p, "selector");
        }
        if ((source = metric.get("resource")) != null) {
            ObjectNode r = out.putObject("resource");
            r.put("name", source.path("name").asString(""));
            copy(source.path("current"), "averageUtilization", r, "currentAverageUtilization");
            r.set("currentAverageValue", quantity(source.path("current").get("averageValue")));
        }
        if ((source = metric.get("containerResource")) != null) {
            ObjectNode r = out.putObject("containerResource");
            r.put("name", source.path("name").asString(""));
            copy(source.path("current"), "averageUtilization", r, "currentAverageUtilization");
            r.set("currentAverageValue", quantity(source.path("current").get("averageValue")));
            r.put("container", source.path("container").asString(""));
        }
        if ((source = metric.get("external")) != null) {
            ObjectNode e = out.putObject("external");
            e.put("metricName", source.path("metric").path("name").asString(""));
            copy(source.path("metric"), "selector", e, "metricSelector");
            e.set("currentValue", quantity(source.path("current").get("value")));
            copy(source.path("current"), "averageValue", e, "currentAverageValue");
        }
        return out;
    }

    static ObjectNode statusFromV1(JsonNode metric) {
        ObjectNode out = Json.object();
        out.put("type", metric.path("type").asString(""));
        JsonNode source;
        if ((source = metric.get("object")) != null) {
            ObjectNode o = out.putObject("object");
            o.set("metric", identifier(source.path("metricName"), source.get("selector")));
            ObjectNode current = o.putObject("current");
            current.set("value", quantity(source.get("currentValue")));
            copy(source, "averageValue", current, "averageValue");
            o.set("describedObject", source.path("target").deepCopy());
        }
        if ((source = metric.get("pods")) != null) {
            ObjectNode p = out.putObject("pods");
            p.set("metric", identifier(source.path("metricName"), source.get("selector")));
            p.putObject("current").set("averageValue", quantity(source.get("currentAverageValue")));
        }
        if ((source = metric.get("resource")) != null) {
            ObjectNode r = out.putObject("resource");
            r.put("name", source.path("name").asString(""));
            r.set("current", resourceCurrent(source));
        }
        if ((source = metric.get("containerResource")) != null) {
            ObjectNode r = out.putObject("containerResource");
            r.put("name", source.path("name").asString(""));
            r.put("container", source.path("container").asString(""));
            r.set("current", resourceCurrent(source));
        }
        if ((source = metric.get("external")) != null) {
            ObjectNode e = out.putObject("external");
            e.set("metric", identifier(source.path("metricName"), source.get("metricSelector")));
            ObjectNode current = e.putObject("current");
            current.set("value", quantity(source.get("currentValue")));
            copy(source, "currentAverageValue", current, "averageValue");
        }
        return out;
    }

    // Convert_v1_ResourceMetricSource_To_autoscaling_ResourceMetricSource: Utilization when a utilization is set.
    private static ObjectNode resourceTarget(JsonNode source) {
        ObjectNode target = Json.object();
        target.put("type", source.hasNonNull("targetAverageUtilization") ? "Utilization" : "AverageValue");
        copy(source, "targetAverageUtilization", target, "averageUtilization");
        copy(source, "targetAverageValue", target, "averageValue");
        return target;
    }

    private static ObjectNode resourceCurrent(JsonNode source) {
        ObjectNode current = Json.object();
        copy(source, "currentAverageUtilization", current, "averageUtilization");
        current.set("averageValue", quantity(source.get("currentAverageValue")));
        return current;
    }

    private static ObjectNode identifier(JsonNode name, JsonNode selector) {
        ObjectNode id = Json.object();
        id.put("name", name.asString(""));
        if (selector != null && !selector.isNull()) {
            id.set("selector", selector.deepCopy());
        }
        return id;
    }

    // A resource.Quantity that is not a pointer in the target version: Go writes its zero value as "0".
    private static JsonNode quantity(JsonNode value) {
        return value == null || value.isNull() ? Json.mapper().getNodeFactory().stringNode("0") : value.deepCopy();
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value.deepCopy());
        }
    }
}
