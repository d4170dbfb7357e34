package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.ObjectMetaValidation;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodTemplateValidation;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The spec rules of stateful sets (k/k pkg/apis/apps/validation/validation.go ValidateStatefulSetSpec and
 * ValidateStatefulSetUpdate). Kubernetes checks only the labels and annotations of a stateful set's template, not
 * its pod spec, nor its volumeClaimTemplates.
 */
public enum StatefulSetValidation implements WorkloadValidation {
    INSTANCE;

    /** The spec fields an update may change; the rest is fixed at creation. */
    private static final List<String> UPDATABLE = List.of("replicas", "ordinals", "template", "updateStrategy",
            "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    // k/k apps validation.go ValidateStatefulSetUpdate: a valid spec that differs from the stored one only in the
    // updatable fields.
    @Override
    public List<FieldError> validateUpdate(ObjectNode statefulSet, ObjectNode old) {
        JsonNode spec = statefulSet.path("spec");
        JsonNode oldSpec = old.path("spec");
        List<FieldError> errors = new ArrayList<>(validateSpec(spec, oldSpec));
        ObjectNode fixed = spec instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        for (String field : UPDATABLE) {
            JsonNode value = oldSpec.get(field);
            if (value == null) {
                fixed.remove(field);
            } else {
                fixed.set(field, value.deepCopy());
            }
        }
        if (!SemanticEquality.equal(fixed, oldSpec)) {
            errors.add(FieldError.forbidden("spec", "updates to statefulset spec for fields other than 'replicas', "
                    + "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
                    + "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>(policies(spec));
        errors.addAll(WorkloadFields.nonNegative(spec, "replicas", "spec.replicas"));
        errors.addAll(WorkloadFields.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds"));
        if (GoFields.present(spec.get("ordinals"))) {
            errors.addAll(WorkloadFields.nonNegative(spec.get("ordinals"), "start", "spec.ordinals.start"));
        }
        JsonNode selector = spec.get("selector");
        if (!GoFields.present(selector)) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            errors.addAll(WorkloadSelector.validate(selector, "spec.selector"));
            if (WorkloadSelector.empty(selector)) {
                errors.add(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector),
                        "empty selector is invalid for statefulset"));
            }
        }
        if (WorkloadSelector.convertible(selector)) {
            errors.addAll(template(spec, oldSpec));
        } else {
            errors.add(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector), ""));
        }
        errors.addAll(PodTemplateValidation.replicable(spec.path("template"), "spec.template", "StatefulSet"));
        return errors;
    }

    // k/k apps validation.go ValidateStatefulSetSpec: pod management, update strategy and claim retention policies.
    private static List<FieldError> policies(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String management = GoFields.text(spec, "podManagementPolicy");
        if (management.isEmpty()) {
            errors.add(FieldError.required("spec.podManagementPolicy", ""));
        } else if (!management.equals("OrderedReady") && !management.equals("Parallel")) {
            errors.add(FieldError.invalid("spec.podManagementPolicy", management, "must be 'OrderedReady' or 'Parallel'"));
        }
        JsonNode strategy = spec.path("updateStrategy");
        JsonNode rolling = strategy.get("rollingUpdate");
        switch (GoFields.text(strategy, "type")) {
            case "" -> errors.add(FieldError.required("spec.updateStrategy", ""));
            case "OnDelete" -> {
                if (GoFields.present(rolling)) {
                    errors.add(FieldError.invalid("spec.updateStrategy.rollingUpdate",
                            WorkloadFields.struct(rolling, "partition", "maxUnavailable"),
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                if (GoFields.present(rolling)) {
                    errors.addAll(WorkloadFields.nonNegative(rolling, "partition",
                            "spec.updateStrategy.rollingUpdate.partition"));
                    errors.addAll(maxUnavailable(rolling.get("maxUnavailable")));
                }
            }
            default -> errors.add(FieldError.invalid("spec.updateStrategy",
                    WorkloadFields.struct(strategy, "type", "rollingUpdate"), "must be 'RollingUpdate' or 'OnDelete'"));
        }
        JsonNode retention = spec.get("persistentVolumeClaimRetentionPolicy");
        if (GoFields.present(retention)) {
            for (String when : List.of("whenDeleted", "whenScaled")) {
                String value = GoFields.text(retention, when);
                if (!value.equals("Retain") && !value.equals("Delete")) {
                    errors.add(FieldError.notSupported("spec.persistentVolumeClaimRetentionPolicy." + when, value,
                            List.of("Retain", "Delete")));
                }
            }
        }
        return errors;
    }

    // k/k apps validation.go ValidateStatefulSetSpec (MaxUnavailableStatefulSet on): a positive count or percentage,
    // at most 100%.
    private static List<FieldError> maxUnavailable(JsonNode value) {
        String path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
        if (!GoFields.present(value)) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(IntOrPercent.validatePositive(value, path));
        if (errors.isEmpty() && IntOrPercent.value(value) == 0) {
            errors.add(FieldError.invalid(path, value,
                    "must be greater than 0"));
        }
        errors.addAll(IntOrPercent.notMoreThan100Percent(value, path));
        return errors;
    }

    // k/k apps validation.go ValidatePodTemplateSpecForStatefulSet: the selector must select the template's labels;
    // the template's labels and annotations are checked, its pod spec is not.
    private static List<FieldError> template(JsonNode spec, JsonNode oldSpec) {
        JsonNode selector = spec.get("selector");
        JsonNode template = spec.path("template");
        JsonNode meta = template.path("metadata");
        List<FieldError> errors = new ArrayList<>();
        if (!WorkloadSelector.empty(selector)
                && !WorkloadSelector.matches(selector, GoFields.stringMap(meta, "labels"))) {
            errors.add(FieldError.invalid("spec.template.metadata.labels", WorkloadSelector.labelsValue(template),
                    "`selector` does not match template `labels`"));
        }
        errors.addAll(ObjectMetaValidation.validateLabels(GoFields.stringMap(meta, "labels"), "spec.template.labels"));
        errors.addAll(ObjectMetaValidation.validateAnnotations(GoFields.stringMap(meta, "annotations"),
                "spec.template.annotations"));
        errors.addAll(PodTemplateValidation.annotations(template, "spec.template",
                oldSpec == null ? null : oldSpec.path("template")));
        return errors;
    }
}
