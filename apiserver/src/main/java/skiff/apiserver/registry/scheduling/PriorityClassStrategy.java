package skiff.apiserver.registry.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * scheduling.k8s.io/v1 PriorityClasses (k/k pkg/apis/scheduling/validation/validation.go ValidatePriorityClass and
 * ValidatePriorityClassUpdate, pkg/apis/scheduling/v1/defaults.go, 1.32): user classes stay at or below one billion,
 * the {@code system-} prefix is the built-in classes' own, and value and preemptionPolicy never change.
 */
public enum PriorityClassStrategy implements ResourceStrategy {
    INSTANCE;

    // pkg/apis/scheduling/types.go HighestUserDefinablePriority and SystemPriorityClassPrefix.
    public static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;
    private static final String SYSTEM_PREFIX = "system-";
    // pkg/apis/core/validation ValidatePreemptionPolicy: the supported values, in the order it lists them.
    private static final List<String> PREEMPTION_POLICIES = List.of("Never", "PreemptLowerPriority");

    @Override
    public void applyDefaults(ObjectNode priorityClass) {
        if (!priorityClass.hasNonNull("preemptionPolicy")) {
            priorityClass.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode priorityClass) {
        List<FieldError> errors = new ArrayList<>();
        String name = priorityClass.path("metadata").path("name").asString("");
        long value = priorityClass.path("value").asLong(0);
        if (name.startsWith(SYSTEM_PREFIX)) {
            String why = SystemPriorityClasses.whyNotKnown(name, value,
                    priorityClass.path("globalDefault").asBoolean(false));
            if (why != null) {
                errors.add(FieldError.forbidden("metadata.name", "priority class names with '" + SYSTEM_PREFIX
                        + "' prefix are reserved for system use only. error: " + why));
            }
        } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
            errors.add(FieldError.forbidden("value",
                    "maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE_PRIORITY));
        }
        JsonNode policy = priorityClass.get("preemptionPolicy");
        if (policy != null && !policy.isNull() && !PREEMPTION_POLICIES.contains(policy.asString(""))) {
            errors.add(FieldError.notSupported("preemptionPolicy", policy.asString(""), PREEMPTION_POLICIES));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode priorityClass, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>();
        if (priorityClass.path("value").asLong(0) != old.path("value").asLong(0)) {
            errors.add(FieldError.forbidden("value", "may not be changed in an update."));
        }
        String policy = priorityClass.path("preemptionPolicy").asString(null);
        if (!Objects.equals(policy, old.path("preemptionPolicy").asString(null))) {
            errors.add(FieldError.invalid("preemptionPolicy", policy, "field is immutable"));
        }
        return errors;
    }
}
