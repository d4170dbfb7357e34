package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/** The spec rules of deployments (k/k pkg/apis/apps/validation/validation.go ValidateDeploymentSpec). */
public enum DeploymentValidation implements WorkloadValidation {
    INSTANCE;

    // k/k apps validation.go ValidateDeploymentSpec, in its order.
    @Override
    public List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>(WorkloadFields.nonNegative(spec, "replicas", "spec.replicas"));
        errors.addAll(ReplicaSetValidation.selectorAndTemplate(spec, oldSpec));
        errors.addAll(strategy(spec.path("strategy")));
        errors.addAll(WorkloadFields.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds"));
        if (GoFields.present(spec.get("revisionHistoryLimit"))) {
            errors.addAll(WorkloadFields.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit"));
        }
        JsonNode deadline = spec.get("progressDeadlineSeconds");
        if (GoFields.present(deadline)) {
            errors.addAll(WorkloadFields.nonNegative(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds"));
            if (deadline.asLong(0) <= spec.path("minReadySeconds").asLong(0)) {
                errors.add(FieldError.invalid("spec.progressDeadlineSeconds", deadline.asLong(0),
                        "must be greater than minReadySeconds"));
            }
        }
        return errors;
    }

    // k/k apps validation.go ValidateDeploymentStrategy and ValidateRollingUpdateDeployment.
    private static List<FieldError> strategy(JsonNode strategy) {
        String path = "spec.strategy";
        List<FieldError> errors = new ArrayList<>();
        switch (GoFields.text(strategy, "type")) {
            case "Recreate" -> {
                if (GoFields.present(strategy.get("rollingUpdate"))) {
                    errors.add(FieldError.forbidden(path + ".rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                JsonNode rolling = strategy.get("rollingUpdate");
                if (!GoFields.present(rolling)) {
                    errors.add(FieldError.required(path + ".rollingUpdate", "this should be defaulted and never be nil"));
                    break;
                }
                String at = path + ".rollingUpdate";
                JsonNode unavailable = rolling.get("maxUnavailable");
                JsonNode surge = rolling.get("maxSurge");
                errors.addAll(IntOrPercent.validatePositive(unavailable, at + ".maxUnavailable"));
                errors.addAll(IntOrPercent.validatePositive(surge, at + ".maxSurge"));
                if (IntOrPercent.value(unavailable) == 0 && IntOrPercent.value(surge) == 0) {
                    errors.add(FieldError.invalid(at + ".maxUnavailable", unavailable,
                            "may not be 0 when `maxSurge` is 0"));
                }
                errors.addAll(IntOrPercent.notMoreThan100Percent(unavailable, at + ".maxUnavailable"));
            }
            default -> errors.add(FieldError.notSupported(path, WorkloadFields.struct(strategy, "type", "rollingUpdate"),
                    List.of("Recreate", "RollingUpdate")));
        }
        return errors;
    }
}
