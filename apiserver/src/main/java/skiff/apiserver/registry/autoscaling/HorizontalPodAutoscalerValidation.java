package skiff.apiserver.registry.autoscaling;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameRule;
import skiff.api.validation.StringerValue;
import tools.jackson.databind.JsonNode;

/**
 * The rules of an autoscaling/v2 HorizontalPodAutoscaler's spec and status, with Kubernetes' paths and messages
 * (k/k pkg/apis/autoscaling/validation/validation.go, 1.32; HPAScaleToZero is off, so minReplicas is at least 1
 * unless the stored object already has 0).
 */
final class HorizontalPodAutoscalerValidation {
    // validation.go MaxPeriodSeconds and MaxStabilizationWindowSeconds.
    private static final int MAX_PERIOD_SECONDS = 1800;
    private static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
    // validation.go validSelectPolicyTypesList, validPolicyTypesList and validMetricSourceTypesList: sorted sets.
    private static final List<String> SELECT_POLICIES = List.of("Disabled", "Max", "Min");
    private static final List<String> POLICY_TYPES = List.of("Percent", "Pods");
    private static final List<String> SOURCE_TYPES =
            List.of("ContainerResource", "External", "Object", "Pods", "Resource");
    private static final List<String> TARGET_TYPES = List.of("Utilization", "Value", "AverageValue");

    private HorizontalPodAutoscalerValidation() {}

    static List<FieldError> validate(JsonNode hpa, int minReplicasLowerBound) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = hpa.path("spec");
        JsonNode min = spec.get("minReplicas");
        boolean hasMin = min != null && !min.isNull();
        long maxReplicas = spec.path("maxReplicas").asLong(0);
        if (hasMin && min.asLong() < minReplicasLowerBound) {
            errors.add(FieldError.invalid("spec.minReplicas", min.asLong(),
                    "must be greater than or equal to " + minReplicasLowerBound));
        }
        if (maxReplicas < 1) {
            errors.add(FieldError.invalid("spec.maxReplicas", maxReplicas, "must be greater than 0"));
        }
        if (hasMin && maxReplicas < min.asLong()) {
            errors.add(FieldError.invalid("spec.maxReplicas", maxReplicas,
                    "must be greater than or equal to `minReplicas`"));
        }
        errors.addAll(crossVersionReference(spec.path("scaleTargetRef"), "spec.scaleTargetRef"));
        errors.addAll(metrics(spec.path("metrics"), "spec.metrics", hasMin ? min.asLong() : null));
        JsonNode behavior = spec.get("behavior");
        if (behavior != null && !behavior.isNull()) {
            errors.addAll(scalingRules(behavior.get("scaleUp"), "spec.behavior.scaleUp"));
            errors.addAll(scalingRules(behavior.get("scaleDown"), "spec.behavior.scaleDown"));
        }
        return errors;
    }

    // ValidateHorizontalPodAutoscalerStatusUpdate.
    static List<FieldError> validateStatus(JsonNode hpa) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : List.of("currentReplicas", "desiredReplicas")) {
            long value = hpa.path("status").path(field).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid("status." + field, value, "must be greater than or equal to 0"));
            }
        }
        return errors;
    }

    private static List<FieldError> crossVersionReference(JsonNode ref, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : List.of("kind", "name")) {
            String value = ref.path(field).asString("");
            if (value.isEmpty()) {
                errors.add(FieldError.required(path + "." + field, ""));
            } else {
                for (String msg : NameRule.PATH_SEGMENT.validate(value, false)) {
                    errors.add(FieldError.invalid(path + "." + field, value, msg));
                }
            }
        }
        return errors;
    }

    private static List<FieldError> metrics(JsonNode metrics, String path, Long minReplicas) {
        List<FieldError> errors = new ArrayList<>();
        boolean objectOrExternal = false;
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode metric = metrics.get(i);
            errors.addAll(metricSpec(metric, path + "[" + i + "]"));
            String type = metric.path("type").asString("");
            objectOrExternal |= type.equals("Object") || type.equals("External");
        }
        if (minReplicas != null && minReplicas == 0 && !objectOrExternal) {
            errors.add(FieldError.forbidden(path,
                    "must specify at least one Object or External metric to support scaling to zero replicas"));
        }
        return errors;
    }

    private static List<FieldError> metricSpec(JsonNode metric, String path) {
        List<FieldError> errors = new ArrayList<>();
        String type = metric.path("type").asString("");
        if (type.isEmpty()) {
            errors.add(FieldError.required(path + ".type", "must specify a metric source type"));
        }
        if (!SOURCE_TYPES.contains(type)) {
            errors.add(FieldError.notSupported(path + ".type", type, SOURCE_TYPES));
        }
        // Only the first source present, in this order, is validated; the others are forbidden below.
        Set<String> present = new LinkedHashSet<>();
        for (String source : List.of("object", "external", "pods", "resource", "containerResource")) {
            JsonNode value = metric.get(source);
            if (value == null || value.isNull()) {
                continue;
            }
            present.add(source);
            if (present.size() == 1) {
                errors.addAll(source(source, value, path + "." + source));
            }
        }
        String expected = switch (type) {
            case "Object" -> "object";
            case "Pods" -> "pods";
            case "Resource" -> "resource";
            case "External" -> "external";
            case "ContainerResource" -> "containerResource";
            default -> null;
        };
        if (expected == null) {
            errors.add(FieldError.notSupported(path + ".type", type, SOURCE_TYPES));
        } else if (!present.contains(expected)) {
            errors.add(FieldError.required(path + "." + expected,
                    "must populate information for the given metric source"));
        }
        if (present.size() != 1) {
            present.remove(expected);
            for (String other : present) {
                errors.add(FieldError.forbidden(path + "." + other, "must populate the given metric source only"));
            }
        }
        return errors;
    }

    private static List<FieldError> source(String source, JsonNode src, String path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode target = src.path("target");
        boolean value = target.hasNonNull("value");
        boolean average = target.hasNonNull("averageValue");
        boolean utilization = target.hasNonNull("averageUtilization");
        switch (source) {
            case "object" -> {
                errors.addAll(crossVersionReference(src.path("describedObject"), path + ".describedObject"));
                errors.addAll(identifier(src.path("metric"), path + ".metric"));
                errors.addAll(target(target, path + ".target"));
                if (!value && !average) {
                    errors.add(FieldError.required(path + ".target.averageValue",
                            "must set either a target value or averageValue"));
                }
            }
            case "external" -> {
                errors.addAll(identifier(src.path("metric"), path + ".metric"));
                errors.addAll(target(target, path + ".target"));
                if (!value && !average) {
                    errors.add(FieldError.required(path + ".target.averageValue",
                            "must set either a target value for metric or a per-pod target"));
                }
                if (value && average) {
                    errors.add(FieldError.forbidden(path + ".target.value",
                            "may not set both a target value for metric and a per-pod target"));
                }
            }
            case "pods" -> {
                errors.addAll(identifier(src.path("metric"), path + ".metric"));
                errors.addAll(target(target, path + ".target"));
                if (!average) {
                    errors.add(FieldError.required(path + ".target.averageValue",
                            "must specify a positive target averageValue"));
                }
            }
            default -> {
                // resource and containerResource
                String name = src.path("name").asString("");
                if (name.isEmpty()) {
                    errors.add(FieldError.required(path + ".name", "must specify a resource name"));
                }
                if (source.equals("containerResource")) {
                    String container = src.path("container").asString("");
                    if (container.isEmpty()) {
                        errors.add(FieldError.required(path + ".container", "must specify a container"));
                    } else {
                        for (String msg : NameRule.DNS1123_LABEL.validate(container, false)) {
                            errors.add(FieldError.invalid(path + ".container", container, msg));
                        }
                    }
                }
                errors.addAll(target(target, path + ".target"));
                if (!utilization && !average) {
                    errors.add(FieldError.required(path + ".target.averageUtilization",
                            "must set either a target raw value or a target utilization"));
                }
                if (utilization && average) {
                    errors.add(FieldError.forbidden(path + ".target.averageValue",
                            "may not set both a target raw value and a target utilization"));
                }
            }
        }
        return errors;
    }

    private static List<FieldError> target(JsonNode target, String path) {
        List<FieldError> errors = new ArrayList<>();
        String type = target.path("type").asString("");
        if (type.isEmpty()) {
            errors.add(FieldError.required(path + ".type", "must specify a metric target type"));
        }
        if (!TARGET_TYPES.contains(type)) {
            errors.add(FieldError.invalid(path + ".type", type, "must be either Utilization, Value, or AverageValue"));
        }
        for (String field : List.of("value", "averageValue")) {
            JsonNode quantity = target.get(field);
            if (quantity != null && !quantity.isNull() && sign(quantity.asString()) != 1) {
                errors.add(FieldError.invalid(path + "." + field, new StringerValue(quantity.asString()),
                        "must be positive"));
            }
        }
        JsonNode utilization = target.get("averageUtilization");
        if (utilization != null && !utilization.isNull() && utilization.asLong() < 1) {
            errors.add(FieldError.invalid(path + ".averageUtilization", utilization.asLong(),
                    "must be greater than 0"));
        }
        return errors;
    }

    private static int sign(String quantity) {
        try {
            BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity));
            return amount.signum();
        } catch (RuntimeException malformed) {
            return 1;
        }
    }

    private static List<FieldError> identifier(JsonNode id, String path) {
        String name = id.path("name").asString("");
        if (name.isEmpty()) {
            return List.of(FieldError.required(path + ".name", "must specify a metric name"));
        }
        return NameRule.PATH_SEGMENT.validate(name, false).stream()
                .map(msg -> FieldError.invalid(path + ".name", name, msg)).toList();
    }

    private static List<FieldError> scalingRules(JsonNode rules, String path) {
        if (rules == null || rules.isNull()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode window = rules.get("stabilizationWindowSeconds");
        if (window != null && !window.isNull()) {
            if (window.asLong() < 0) {
                errors.add(FieldError.invalid(path + ".stabilizationWindowSeconds", window.asLong(),
                        "must be greater than or equal to zero"));
            }
            if (window.asLong() > MAX_STABILIZATION_WINDOW_SECONDS) {
                errors.add(FieldError.invalid(path + ".stabilizationWindowSeconds", window.asLong(),
                        "must be less than or equal to " + MAX_STABILIZATION_WINDOW_SECONDS));
            }
        }
        JsonNode select = rules.get("selectPolicy");
        if (select != null && !select.isNull() && !SELECT_POLICIES.contains(select.asString(""))) {
            errors.add(FieldError.notSupported(path + ".selectPolicy", select.asString(""), SELECT_POLICIES));
        }
        JsonNode policies = rules.path("policies");
        if (policies.isEmpty()) {
            errors.add(FieldError.required(path + ".policies", "must specify at least one Policy"));
        }
        for (int i = 0; i < policies.size(); i++) {
            JsonNode policy = policies.get(i);
            String p = path + ".policies[" + i + "]";
            String type = policy.path("type").asString("");
            if (!POLICY_TYPES.contains(type)) {
                errors.add(FieldError.notSupported(p + ".type", type, POLICY_TYPES));
            }
            long value = policy.path("value").asLong(0);
            if (value <= 0) {
                errors.add(FieldError.invalid(p + ".value", value, "must be greater than zero"));
            }
            long period = policy.path("periodSeconds").asLong(0);
            if (period <= 0) {
                errors.add(FieldError.invalid(p + ".periodSeconds", period, "must be greater than zero"));
            }
            if (period > MAX_PERIOD_SECONDS) {
                errors.add(FieldError.invalid(p + ".periodSeconds", period,
                        "must be less than or equal to " + MAX_PERIOD_SECONDS));
            }
        }
        return errors;
    }
}
